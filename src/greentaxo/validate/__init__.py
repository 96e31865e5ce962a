"""Validation: SHACL shapes (the contract) plus graph-wide checks, reported as plain-words findings."""
