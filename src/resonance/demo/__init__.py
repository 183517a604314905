"""The demo organisation: `resonance demo` loads it; later areas add their demo data here."""
