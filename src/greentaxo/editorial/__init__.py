"""Editing support: deterministic serialisation of the route sources."""
