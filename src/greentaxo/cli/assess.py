"""`greentaxo assess ...`: indicator systems, expert panels, aggregation, reports and ranking (docs/assessment.md).

The CLI works on the edit store's database (GREENTAXO_EDITS_URL or GREENTAXO_EDITS_DB, default
.edits/edits.sqlite). It acts as the local user named by --by (default $GREENTAXO_USER, then $USER): chair
actions need the chair's name, and reads see everything, as an administrator would.
"""
from __future__ import annotations

from pathlib import Path

import typer

from greentaxo import settings
from greentaxo.assessment.decision import decide
from greentaxo.assessment.ranking import Entry, rank, within
from greentaxo.assessment.report import report_inputs, to_html, to_xlsx
from greentaxo.assessment.sheets import read_sheets, write_template
from greentaxo.assessment.stats import aggregate
from greentaxo.assessment.store import AssessmentStore
from greentaxo.assessment.systems import system, systems
from greentaxo.cli._common import Lang, emit_json, kg
from greentaxo.edits.auth import Principal
from greentaxo.edits.schema import configured_url
from greentaxo.errors import InputError
from greentaxo.namespaces import PREFIXES

FORMATS = ("text", "json")


def _fmt(value: str, allowed: tuple[str, ...] = FORMATS) -> str:
    if value not in allowed:
        raise InputError(f"--format: {value!r} is not one of {', '.join(allowed)}")
    return value


def _who(by: str | None, reading: bool = False):
    """The local user: --by, else $GREENTAXO_USER, else $USER. Reads need no name (the CLI reads as an admin);
    actions do, because only the chair may close a round or invite."""
    name = by or settings.current().user
    if not name and not reading:
        raise InputError("--by: name the user you act as (or set GREENTAXO_USER)")
    return Principal(name or "local reader", "admin")


def _store():
    """The store in the edit store's database: GREENTAXO_EDITS_URL or GREENTAXO_EDITS_DB (greentaxo.settings), as
    the server opens it, else .edits/edits.sqlite. The graph loads only when a command needs it."""
    return AssessmentStore(configured_url())


def _pct(x) -> str:
    return "n/a" if x is None else f"{x:5.1f}"


def render_result(r: dict, lang: str = "en") -> str:
    o, d, ag = r["overall"], r["decision"], r["agreement"]
    w, icc = ag["kendall"], ag["icc"]
    lines = [f"{r['system']['id']} {r['system']['version']}: {r['experts']} experts"
             + (f", round {r['round']}" if "round" in r else ""),
             f"weighted score {o['mean']:.1f} / 100 (median {o['median']:.1f}, sd {o['sd']:.1f}); "
             f"{o['confidence'] * 100:.0f}% interval {o['ci_low']:.1f}-{o['ci_high']:.1f} ({o['ci_method']})",
             f"decision: {d['outcome']} - {d['definition'].get(lang) or d['definition'].get('en', '')}",
             f"  at the interval's ends: {d['at_ci_low']} / {d['at_ci_high']}"
             + ("" if d["stable"] else "  <- the panel's uncertainty reaches a threshold"),
             "agreement: " + (f"Kendall's W {w['w']:.2f} (chi2 {w['chi2']:.1f}, df {w['df']}, p {w['p']:.3g})"
                              if w.get("w") is not None else f"Kendall's W undefined ({w['note']})")
             + (f"; ICC(A,1) {icc['icc_a1']:.2f}, ICC(A,k) {icc['icc_ak']:.2f}" if icc.get("icc_a1") is not None else "")
             + f"; consensus on {r['consensus_share'] * 100:.0f}% of indicators",
             ]
    flat = len(r["groups"]) == len(r["indicators"])        # one level: the first-level scores are the indicators
    if not flat:
        lines.append("first-level (0-100):")
    for g in [] if flat else r["groups"]:
        lines.append(f"  {g['notation']:>4} {(g['label'].get(lang) or g['label'].get('en', ''))[:34]:34} "
                     f"mean {_pct(g['mean'])}  median {_pct(g['median'])}")
    lines.append("indicators (raw scores): median, IQR, counts per scale point")
    for i in r["indicators"]:
        counts = "/".join(str(v) for v in (i.get("counts") or {}).values())
        lines.append(f"  {i['notation']:>4} {(i['label'].get(lang) or i['label'].get('en', ''))[:34]:34} w {i['weight']:<4.1f}"
                     f" {'lower' if i['direction'] == 'lower' else '     '} median {i.get('median', 'n/a')!s:4} IQR "
                     f"{i.get('iqr', 'n/a')!s:5} {counts:12} {'consensus' if i.get('consensus') else ''}")
    flagged = [p for p in r["per_expert"] if p["outlier"]]
    lines.append(f"outliers (flagged, kept): {len(flagged)}")
    lines += [f"  {p['expert']}: {'; '.join(p['reasons'])}" for p in flagged]
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    assess = typer.Typer(help="Technology assessment: indicator systems, expert panels, scores, reports, ranking.",
                         no_args_is_help=True)
    app.add_typer(assess, name="assess")

    @assess.command("systems")
    def systems_(fmt: str = typer.Option("text", "--format", help="text or json")) -> None:
        """List the indicator systems."""
        found = systems(kg())
        if _fmt(fmt) == "json":
            emit_json([{"id": s.id, "version": s.version, "label": s.label, "indicators": len(s.leaves()),
                        "first_level": len(s.tops()), "min_experts": s.min_experts, "weights": s.weight_basis}
                       for s in found.values()])
            return
        for s in found.values():
            typer.echo(f"{s.id:6} {s.version:7} {len(s.tops()):2} x {len(s.leaves()):2} indicators, >= {s.min_experts:2} experts,"
                       f" weights {s.weight_basis:9} {s.label.get('zh', '')} | {s.label.get('en', '')}")

    @assess.command("system")
    def system_(ref: str = typer.Argument(..., help="System id (yeda, gib, gtt)."),
                fmt: str = typer.Option("text", "--format", help="text, json or turtle (export)"),
                lang: Lang = typer.Option(Lang.en, "--lang")) -> None:
        """Show or export one indicator system: indicators, weights, directions, guidance, decision rules."""
        g = kg()
        s = system(g, ref)
        fmt = _fmt(fmt, ("text", "json", "turtle"))
        if fmt == "json":
            emit_json(s.to_dict())
        elif fmt == "turtle":
            typer.echo(_turtle(g, s.iri), nl=False)
        else:
            typer.echo(f"{s.id} {s.version}  {s.label.get(lang.value, '')}\n  {s.definition.get(lang.value, '')}")
            typer.echo(f"  scale {s.scale.lo:g}-{s.scale.hi:g} step {s.scale.step:g} ({s.scale.kind}); "
                       f"at least {s.min_experts} experts; weights {s.weight_basis}")
            for i in s.indicators.values():
                pad = "  " * (i.notation.count(".") + 1)
                flags = ("  (lower is better)" if i.direction == "lower" else "") + ("  [na allowed]" if i.na_allowed else "")
                typer.echo(f"{pad}{i.notation} {i.label.get('zh', '')} | {i.label.get('en', '')}  weight {i.weight:g}{flags}")
                if i.is_leaf:
                    typer.echo(f"{pad}    {i.guidance.get(lang.value, '')}")
            for r in s.rules:
                typer.echo(f"  rule {r.priority} {r.outcome}: {r.definition.get(lang.value, '')}")

    @assess.command("template")
    def template(ref: str = typer.Argument(..., help="System id, or an assessment number."),
                 output: Path = typer.Option(..., "--output", "-o", help="The sheet to write: .csv or .xlsx"),
                 lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the guidance column.")) -> None:
        """Write a blank score sheet (one row per indicator, with its guidance) for an expert to fill."""
        s = _store().system_snapshot(int(ref)) if ref.isdigit() else system(kg(), ref)
        typer.echo(f"wrote {write_template(s, output, lang.value)} ({len(s.leaves())} indicators)")

    @assess.command("aggregate")
    def aggregate_(path: Path = typer.Argument(..., help="A panel's scores: CSV/XLSX with expert, indicator, score."),
                   system_ref: str = typer.Option(..., "--system", help="System id."),
                   weight: list[str] = typer.Option(None, "--weight", help="INDICATOR=WEIGHT override; repeatable."),
                   fmt: str = typer.Option("text", "--format"), lang: Lang = typer.Option(Lang.en, "--lang")) -> None:
        """Aggregate a filled panel file without storing it: scores, agreement, outliers, decision."""
        s = system(kg(), system_ref).with_weights(_weights(weight))
        sheets = read_sheets(path, s)
        result = aggregate(s, {e: {i: sc.value for i, sc in sh.items()} for e, sh in sheets.items()})
        result["decision"] = decide(s, result)
        emit_json(result) if _fmt(fmt) == "json" else typer.echo(render_result(result, lang.value))

    @assess.command("open")
    def open_(system_ref: str = typer.Option(..., "--system", help="System id (yeda, gib, gtt)."),
              title: str = typer.Option(..., "--title", help="What is assessed."),
              text: str = typer.Option("", "--text", help="Abstract or description."),
              kind: str = typer.Option("achievement", "--kind", help="achievement, route or project"),
              ref: str = typer.Option(None, "--ref", help="The subject's id on your platform (or the route, for --kind route)."),
              route: list[str] = typer.Option(None, "--route", help="Route the subject belongs to; repeatable."),
              expert: list[str] = typer.Option(None, "--expert", help="Invite this expert; repeatable."),
              observer: list[str] = typer.Option(None, "--observer", help="Invite this observer; repeatable."),
              min_experts: int = typer.Option(None, "--min-experts", help="Sheets a round needs (default: the system's)."),
              weight: list[str] = typer.Option(None, "--weight", help="INDICATOR=WEIGHT override; repeatable."),
              by: str = typer.Option(None, "--by", help="The chair (default $GREENTAXO_USER or $USER).")) -> None:
        """Open an assessment; you are its chair and round 1 starts at once."""
        a = _store().open(_who(by), system_ref, {"kind": kind, "title": title, "text": text, "ref": ref, "routes": route or []},
                          min_experts, _weights(weight), expert or [], observer or [])
        typer.echo(f"assessment {a['id']} opened ({a['system']} {a['system_version']}, chair {a['chair']}, "
                   f"{a['progress']['experts']} experts invited, {a['min_experts']} sheets needed)")

    @assess.command("invite")
    def invite(aid: int = typer.Argument(...), users: list[str] = typer.Argument(...),
               role: str = typer.Option("expert", "--as", help="expert or observer"),
               by: str = typer.Option(None, "--by")) -> None:
        """Invite experts or observers (chair)."""
        a = _store().invite(_who(by), aid, users, role, "*")
        typer.echo(f"assessment {aid}: {a['progress']['experts']} experts on the panel")

    @assess.command("conflict")
    def conflict(aid: int = typer.Argument(...), expert: str = typer.Argument(...),
                 reason: str = typer.Option(..., "--reason"), by: str = typer.Option(None, "--by")) -> None:
        """Record a declared conflict of interest: the expert is excluded (the expert, or the chair)."""
        _store().declare_conflict(_who(by or expert), aid, expert, reason, "*")
        typer.echo(f"assessment {aid}: {expert} excluded ({reason})")

    @assess.command("score")
    def score(aid: int = typer.Argument(...), path: Path = typer.Argument(..., help="The filled sheet (CSV/XLSX)."),
              expert: str = typer.Option(None, "--expert", help="Whose sheet (when it has no expert column)."),
              by: str = typer.Option(None, "--by", help="Who enters it: the expert, or the chair for paper sheets.")) -> None:
        """Store filled score sheets; a file with several experts is stored whole or not at all."""
        store = _store()
        sheets = read_sheets(path, store.system_snapshot(aid), expert)
        who = _who(by or (next(iter(sheets)) if len(sheets) == 1 else None))
        done = store.submit(who, aid, sheets)
        typer.echo(f"assessment {aid} round {done['round']}: stored the sheets of {', '.join(done['experts'])}")

    @assess.command("close")
    def close(aid: int = typer.Argument(...), by: str = typer.Option(None, "--by"),
              lang: Lang = typer.Option(Lang.en, "--lang")) -> None:
        """Close the round (chair): aggregate, decide and unblind."""
        typer.echo(render_result(_store().close_round(_who(by), aid, "*"), lang.value))

    @assess.command("round")
    def next_round(aid: int = typer.Argument(...), by: str = typer.Option(None, "--by")) -> None:
        """Start a Delphi round (chair): the experts see the anonymised distribution and score again."""
        a = _store().next_round(_who(by), aid, "*")
        typer.echo(f"assessment {aid}: round {a['round']} open; shared the distribution of {len(a['feedback'])} indicators")

    @assess.command("show")
    def show(aid: int = typer.Argument(...), by: str = typer.Option(None, "--by")) -> None:
        """The assessment's state, panel and progress (JSON)."""
        emit_json(_store().get(_who(by, reading=True), aid))

    @assess.command("results")
    def results(aid: int = typer.Argument(...), rnd: int = typer.Option(None, "--round"), by: str = typer.Option(None, "--by"),
                fmt: str = typer.Option("text", "--format"), lang: Lang = typer.Option(Lang.en, "--lang")) -> None:
        """A closed round's figures and decision."""
        r = _store().results(_who(by, reading=True), aid, rnd)
        emit_json(r) if _fmt(fmt) == "json" else typer.echo(render_result(r, lang.value))

    @assess.command("report")
    def report(aid: int = typer.Argument(...), html: Path = typer.Option(None, "--html"),
               xlsx: Path = typer.Option(None, "--xlsx"), rnd: int = typer.Option(None, "--round"),
               by: str = typer.Option(None, "--by"), lang: Lang = typer.Option(Lang.en, "--lang")) -> None:
        """Write the report: HTML (radar, distributions, agreement, decision, classification) and/or XLSX."""
        if not html and not xlsx:
            raise InputError("give --html FILE and/or --xlsx FILE")
        inputs = report_inputs(_store(), _who(by, reading=True), aid, rnd, lang.value)
        if html:
            html.write_text(to_html(*inputs, lang=lang.value), encoding="utf-8")
            typer.echo(f"wrote {html}")
        if xlsx:
            typer.echo(f"wrote {to_xlsx(*inputs, xlsx, lang=lang.value)}")

    @assess.command("list")
    def list_(system_ref: str = typer.Option(None, "--system"), fmt: str = typer.Option("text", "--format")) -> None:
        """Every assessment in the store, newest first."""
        rows = _store().assessments(None, system_ref)
        if _fmt(fmt) == "json":
            emit_json(rows)
            return
        for a in rows:
            typer.echo(f"{a['id']:5} {a['system']:5} round {a['round']} {a['status']:8} {_pct(a['score'])} "
                       f"{a['outcome'] or '':10} {a['title'][:60]}")

    @assess.command("rank")
    def rank_(system_ref: str = typer.Option(..., "--system", help="Rank within one indicator system."),
              route: str = typer.Option(None, "--route", help="Only subjects in this route or below it."),
              category: str = typer.Option(None, "--category", help="Only subjects whose routes map inside this "
                                                                   "catalogue category, e.g. gfspc2025:4.3.2."),
              fmt: str = typer.Option("text", "--format")) -> None:
        """Rank assessed subjects by their panel score, with ties and the rank range their intervals allow."""
        entries = [Entry(str(a["id"]), a["title"], a["system"], a["score"], a["ci_low"], a["ci_high"], None,
                         a["experts"] or 0, a["outcome"], tuple(a["routes"]))
                   for a in _store().assessments(None, system_ref) if a["score"] is not None]
        ranked = rank(within(kg(), entries, route, category))
        if _fmt(fmt) == "json":
            emit_json(ranked)
            return
        for e in ranked:
            best, worst = e["rank_range"]
            typer.echo(f"{e['rank']:>3}{'=' if e['tied'] else ' '} {e['score']:5.1f} [{e['ci_low']:5.1f}-{e['ci_high']:5.1f}] "
                       f"rank {best}-{worst:<4} {e['outcome'] or '':9} #{e['id']} {e['title'][:50]}")

    @assess.command("audit")
    def audit(aid: int = typer.Argument(...), by: str = typer.Option(None, "--by")) -> None:
        """The assessment's audit log (JSON): who did what, when, at which version."""
        emit_json(_store().audit(_who(by, reading=True), aid))


def _weights(items: list[str] | None) -> dict[str, str] | None:
    out = {}
    for item in items or []:
        ref, sep, value = item.partition("=")
        if not sep or not ref.strip():
            raise InputError(f"--weight {item!r}: write INDICATOR=WEIGHT, e.g. 3=5.5")
        out[ref.strip()] = value.strip()
    return out or None


def _turtle(g, iri: str) -> str:
    """The system's triples as canonical long Turtle, as in ontology/indicators/."""
    import rdflib  # noqa: PLC0415  (heavy: rdflib)


    out = rdflib.Graph()
    for p, ns in PREFIXES.items():
        if p in ("dct", "gt", "gti", "owl", "skos", "xsd"):
            out.bind(p, ns)
    out.bind(iri.rsplit("/", 1)[-1], iri + "/")
    for q in g.store.quads_for_pattern(None, None, None):
        s = q.subject.value
        if s == iri or s.startswith(iri + "/"):
            o = q.object
            obj = rdflib.URIRef(o.value) if type(o).__name__ == "NamedNode" else rdflib.Literal(
                o.value, lang=o.language, datatype=None if o.language or o.datatype.value.endswith("#string")
                else rdflib.URIRef(o.datatype.value))
            out.add((rdflib.URIRef(s), rdflib.URIRef(q.predicate.value), obj))
    return out.serialize(format="longturtle")
