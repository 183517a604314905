"""Query language tests: parser, matching, percolator."""
