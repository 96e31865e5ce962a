"""External code systems: generation from the official tables, and lookup."""
