"""REST API: dependencies and versioned routers."""
