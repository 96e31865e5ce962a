"""The command line. One small module per command; heavy libraries are imported inside commands."""
