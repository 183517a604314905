"""Authentication: password hashing, web sessions, API tokens, login rate limiting."""
