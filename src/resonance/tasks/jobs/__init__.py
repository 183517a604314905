"""Built-in tasks, one module per area."""
