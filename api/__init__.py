"""HTTP API: a thin translation layer from HTTP to greentaxo library calls."""
