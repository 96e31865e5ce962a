"""The metrics criteria may test: one id per measurable quantity, its canonical unit and labels (metrics.tsv).

Criteria in ontology/criteria/*.ttl name a metric by id (gt:metric); a project fact names the same id.
Keeping the vocabulary in one reviewed, bilingual table is what lets a fact for a metric no criterion uses
be rejected with near matches instead of being silently ignored. Some metrics are held by banks and become a
criterion metric (`feeds`: PUE becomes the GB 40879 grade); some are only read from loan text and shown.
"""
from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from pathlib import Path

from greentaxo.errors import InputError


@dataclass(frozen=True)
class Metric:
    id: str
    unit: str
    zh: str
    en: str
    feeds: str | None = None      # a metric banks hold that becomes this criterion metric (bankmetrics.derive)
    shown_only: bool = False      # read from loan text and shown, tested by no criterion (capacity, COP)


@dataclass
class Fact:
    metric: str
    value: float
    unit: str
    source: str = "given"        # given | text (read from the description) | derived (from another fact)
    note: str = ""               # where it came from: the words read, or the table a derived fact used

    def to_dict(self) -> dict:
        d = {"metric": self.metric, "value": self.value, "unit": self.unit}
        if self.source != "given" or self.note:
            d.update(source=self.source, note=self.note)
        return d

    def shown(self) -> str:
        """The fact as a verdict detail cites it."""
        what = f"{self.value:g} {self.unit}".replace(" dimensionless", "")
        if self.source == "text":
            return f"{what} (read from the text: {self.note})"
        if self.source == "derived":
            return self.note              # says the value and the table it came from
        return what


def _read() -> dict[str, Metric]:
    lines = Path(__file__).with_name("metrics.tsv").read_text(encoding="utf-8").splitlines()
    body = [ln for ln in lines if ln and not ln.startswith("#")]
    return {r["id"]: Metric(r["id"], r["unit"], r["zh"], r["en"], r["feeds"] or None, r["shown_only"] == "yes")
            for r in csv.DictReader(body, delimiter="\t")}


METRICS: dict[str, Metric] = _read()


def get(metric_id: str, *, field: str = "fact") -> Metric:
    key = metric_id.strip()
    if key in METRICS:
        return METRICS[key]
    near = difflib.get_close_matches(key, list(METRICS), n=3, cutoff=0.5)
    hint = f" Did you mean: {', '.join(near)}?" if near else ""
    raise InputError(f"{field}: no criterion uses a metric called {metric_id!r}.{hint} "
                     "`greentaxo eligibility --list-metrics` shows the metrics criteria test")
