"""The code-supervised green decision (brief r14b): `greentaxo eval` with a variant of the decision's inputs.

Run (needs ../shared/data; about 10 minutes per variant on the shared machine):
    nice -n 19 .venv/bin/python benchmarks/green_codes.py VARIANT eval ../shared/data/patents-dev/patents-dev.jsonl

VARIANT is one of
- `base`: the committed recipe (text logit, label, route evidence);
- `codes`: plus a text -> IPC code model (subclasses; main groups for English) trained inside every fold on
  the training folds' office-assigned codes, its probabilities read through the inventory
  (`green_codes.py`); nested like the text model, so the decision only sees out-of-fold evidence;
- `codes-green`: `codes` with only the codes the inventory covers wholly or in part (no negative evidence
  from other codes; a much smaller model to serve);
- `codes-aux`: `codes`, with the English IPC scheme titles and patents-public titles (one code each,
  under a subclass the training records carry) as extra examples for the code model only, at weight 0.2;
- `codes-rate`: `codes`, plus the codes read as a hidden step: 1 - prod(1 - P(code) P(green | code)), with
  P(green | code) the share of green among the training records carrying the code (English main groups
  such as F02M25 are green only in some subgroups, which the title does not show).

Everything after VARIANT is passed to the `greentaxo` command unchanged, so the folds, the records and the
report are those of `greentaxo eval`. Figures: docs/classifier.md ("Tried: predicted codes").
"""
from __future__ import annotations

import sys

VARIANTS = {"base": (False, 0.0, "all", False), "codes": (True, 0.0, "all", False),
            "codes-green": (True, 0.0, "green", False), "codes-aux": (True, 0.2, "all", False),
            "codes-rate": (True, 0.0, "all", True)}


def main() -> None:
    if len(sys.argv) < 3 or sys.argv[1] not in VARIANTS:
        sys.exit(f"usage: green_codes.py {{{','.join(VARIANTS)}}} eval PATENTS.jsonl [options]")
    from greentaxo.classify import green_training
    from greentaxo.cli.main import main as greentaxo

    (green_training.CODES, green_training.CODE_AUX_WEIGHT, green_training.CODE_KINDS,
     green_training.CODE_RATE) = VARIANTS[sys.argv[1]]
    sys.argv = ["greentaxo", *sys.argv[2:]]
    greentaxo()


if __name__ == "__main__":
    main()
