"""Organisation: the unit tree, people, roles and memberships, and access checks."""
