"""Releases of the taxonomy: what changed between two versions (`diff`, rendered by `changelog`), what the
change does downstream (`impact`, and `impact_records` for a platform's earlier classifications), and
the gated release itself (`release`, with its HTML page from `docpage`). `revisions` turns what a user
names (a root, a release folder, a git revision) into sources to compare. Reading published releases back
is greentaxo.releases.
"""
