"""One report per assessment, as HTML (a self-contained page with an inline SVG radar) and as XLSX
(one sheet per table, every text cell injection-safe). Both read the figures frozen when the round closed."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from greentaxo.assessment.context import subject_context
from greentaxo.assessment.radar import radar_svg
from greentaxo.errors import GreentaxoError
from greentaxo.security.cells import write_row

if TYPE_CHECKING:
    from greentaxo.assessment.systems import IndicatorSystem

TEMPLATE = Path(__file__).with_name("report.html.j2")
FALLBACK = {"statistic": "(fallback)", "indicator": None, "min": None, "max": None, "value": None, "holds": True}


def radar_axes(result: dict, lang: str = "en") -> list[tuple[str, float | None, float | None, float | None]]:
    return [(f"{g['notation']} {g['label'].get(lang) or g['label'].get('en', '')}", g["mean"], g["min"], g["max"])
            for g in result["groups"]]


def to_html(assessment: dict, system: IndicatorSystem, context: dict, history: list[dict], lang: str = "en") -> str:
    """assessment: the store's results() of the round to show; history: every closed round's results."""
    from jinja2 import Environment, select_autoescape  # noqa: PLC0415  (heavy: jinja2)

    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True), trim_blocks=True,
                      lstrip_blocks=True)
    page = env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    points = [f"{p:g}" for p in system.scale.points]
    return page.render(a=assessment, r=assessment, s=system, o=assessment["overall"], d=assessment["decision"],
                       ctx=context, history=history, lang=lang, points=points, radar=radar_svg(radar_axes(assessment, lang)),
                       generated=dt.date.today().isoformat())


def to_xlsx(assessment: dict, system: IndicatorSystem, context: dict, history: list[dict], path: Path,
            lang: str = "en") -> Path:
    from openpyxl import Workbook  # noqa: PLC0415  (heavy: openpyxl)
    from openpyxl.styles import Font  # noqa: PLC0415  (heavy: openpyxl)

    r, o, d = assessment, assessment["overall"], assessment["decision"]
    wb = Workbook()
    sheets = {
        "summary": [["assessment", r["id"]], ["title", r["title"]], ["subject", r["subject"]["kind"]],
                    ["system", f"{system.id} {system.version}"], ["weights", system.weight_basis], ["round", r["round"]],
                    ["experts", r["experts"]], ["outcome", d["outcome"]],
                    ["outcome at CI low / high", f"{d['at_ci_low']} / {d['at_ci_high']}"],
                    ["weighted score (mean)", o["mean"]], ["median", o["median"]], ["CI low", o["ci_low"]],
                    ["CI high", o["ci_high"]], ["CI method", o["ci_method"]], ["consensus share", r["consensus_share"]],
                    ["Kendall's W", r["agreement"]["kendall"].get("w")], ["Kendall p", r["agreement"]["kendall"].get("p")],
                    ["ICC(A,1)", r["agreement"]["icc"].get("icc_a1")], ["ICC(A,k)", r["agreement"]["icc"].get("icc_ak")]],
        "first-level": [["notation", "indicator", "mean", "median", "min", "max"]] +
                       [[g["notation"], g["label"].get(lang, ""), g["mean"], g["median"], g["min"], g["max"]]
                        for g in r["groups"]],
        "indicators": [["notation", "indicator", "weight", "global weight", "direction", "n", "na", "mean", "median", "sd",
                        "IQR", "min", "max", *[f"count {p:g}" for p in system.scale.points], "consensus", "route evidence"]] +
                      [[i["notation"], i["label"].get(lang, ""), i["weight"], i["global_weight"], i["direction"], i["n"],
                        i["na"], i.get("mean"), i.get("median"), i.get("sd"), i.get("iqr"), i.get("min"), i.get("max"),
                        *[(i.get("counts") or {}).get(f"{p:g}", 0) for p in system.scale.points], i.get("consensus"),
                        "; ".join(context["evidence"].get(i["notation"], []))] for i in r["indicators"]],
        "experts": [["expert", "weighted score", "robust z", "rho with the rest", "outlier", "reasons"]] +
                   [[p["expert"], p["score"], p["z"], p["rho"], p["outlier"], "; ".join(p["reasons"])] for p in r["per_expert"]],
        "decision": [["priority", "rule", "statistic", "indicator", "min", "max", "value", "holds"]] +
                    [[rule["priority"], rule["outcome"], c["statistic"], c["indicator"], c["min"], c["max"], c["value"],
                      c["holds"]] for rule in d["rules"] for c in rule["conditions"] or [FALLBACK]],
        "rounds": [["round", "experts", "mean", "CI low", "CI high", "consensus share", "Kendall's W", "outcome"]] +
                  [[h["round"], h["experts"], h["overall"]["mean"], h["overall"]["ci_low"], h["overall"]["ci_high"],
                    h["consensus_share"], h["agreement"]["kendall"].get("w"), h["decision"]["outcome"]] for h in history],
        "classification": [["route", "notation", "label", "TRL min", "TRL max", "codes"]] +
                          [[rt["curie"], rt["notation"], rt["label"].get(lang, ""), rt["trl"][0], rt["trl"][1],
                            "; ".join(f"{k}: {', '.join(v)}" for k, v in rt["codes"].items())] for rt in context["routes"]] +
                          [[], ["eligibility for", "summary"]] +
                          [[e["route"], e.get("summary") or e.get("error")] for e in context["eligibility"]],
    }
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            write_row(ws, row)
        for cell in ws[1]:
            cell.font = Font(bold=True)
    wb.save(path)
    return Path(path)


def report_inputs(store, who, aid: int, rnd: int | None = None, lang: str = "en") -> tuple[dict, IndicatorSystem, dict, list]:
    """Everything both formats need, read from the store as `who` sees it (experts anonymised to non-chairs)."""
    shown = store.results(who, aid, rnd)
    history = []
    for k in range(1, shown["round"] + 1):
        try:
            history.append(shown if k == shown["round"] else store.results(who, aid, k))
        except GreentaxoError:        # a round still scoring has no figures
            continue
    system = store.system_snapshot(aid)
    ctx = subject_context(store.kg, shown["subject"], system)
    return shown, system, ctx, history
