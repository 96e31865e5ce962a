"""Quality report beyond SHACL: the qSKOS checks that apply to a route scheme, and ROBOT-style label checks."""
