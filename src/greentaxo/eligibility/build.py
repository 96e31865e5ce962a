"""Write ontology/criteria/{gfspc2025,gigc2019,eutaxonomy}.ttl from the editors' tables (criteria_*.tsv, dnsh.tsv).

    python -m greentaxo.eligibility.build          # rewrite the files
    python -m greentaxo.eligibility.build --check  # exit 1 if the files are out of date

The tables (criteria_*.tsv, dnsh.tsv) are the editable source; the Turtle is what the graph loads. The build
refuses rows that cite an item the catalogue does not have, an industry row the item does not list,
a metric metrics.tsv does not define, or a unit that cannot convert to the metric's unit.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

from greentaxo import paths
from greentaxo.eligibility import metrics as metric_vocab
from greentaxo.eligibility.table import C, Row, read_tsv
from greentaxo.eligibility.units import compatible
from greentaxo.graph import KnowledgeGraph
from greentaxo.namespaces import GTC

SOURCES = {
    "gfspc2025": "绿色金融支持项目目录（2025年版）（银发〔2025〕132号）",
    "gigc2019": "绿色产业指导目录（2019年版）及其解释说明（发改环资〔2019〕293号）",
    "eutaxonomy": "EU Taxonomy, Delegated Regulation (EU) 2021/2139 Annex I as amended (EU Taxonomy Compass export)",
}
DNSH_ZH = {
    "climate change adaptation": "气候变化适应",
    "sustainable use and protection of water and marine resources": "水和海洋资源的可持续利用与保护",
    "transition to a circular economy": "向循环经济转型",
    "pollution prevention and control": "污染防治",
    "protection and restoration of biodiversity and ecosystems": "生物多样性和生态系统的保护与恢复",
}
DNSH_KEY = {"climate change adaptation": "cca", "sustainable use and protection of water and marine resources": "wtr",
            "transition to a circular economy": "ce", "pollution prevention and control": "ppc",
            "protection and restoration of biodiversity and ecosystems": "bio"}


def _lit(text: str, lang: str | None = None) -> str:
    esc = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{esc}"@{lang}' if lang else f'"{esc}"'


def dnsh_rows(root: Path) -> list[Row]:
    """One needs-evidence DNSH criterion per objective the act lists for an activity."""
    out: list[Row] = []
    text = (root / "src" / "greentaxo" / "eligibility" / "dnsh.tsv").read_text(encoding="utf-8")
    body = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    for rec in csv.DictReader(body, delimiter="\t"):
        obj, app = rec["objective"], rec["appendix"]
        zh_obj = DNSH_ZH[obj]
        if rec["kind"] == "appendix":
            zh = f"对{zh_obj}无重大损害：满足附件一附录 {app} 的通用要求，需提供证明。"
            en = (f"Does no significant harm to {obj}: meets the generic conditions of Appendix {app} to Annex I "
                  "(evidence needed).")
        else:
            extra_zh = f"及附录 {app} 的通用要求" if app else ""
            extra_en = f" and the generic conditions of Appendix {app}" if app else ""
            zh = f"对{zh_obj}无重大损害：满足该活动针对此目标的专门要求{extra_zh}，需提供证明。"
            en = (f"Does no significant harm to {obj}: meets this activity's own conditions for the objective{extra_en} "
                  "(evidence needed).")
        out.append(C(rec["activity"], f"dnsh-{DNSH_KEY[obj]}", "dnsh", zh, en, f"DNSH on {obj}"))
    return out


SAFEGUARDS = ("实施该活动的企业落实最低保障：在人权、劳工、反腐败、税务和公平竞争方面建立尽职调查程序，符合经合组织跨国企业准则和"
              "联合国工商企业与人权指导原则（《分类法条例》第 18 条）。",
              "The company carrying out the activity meets the minimum safeguards: due-diligence procedures on human rights, "
              "labour, bribery, taxation and fair competition in line with the OECD Guidelines for Multinational Enterprises "
              "and the UN Guiding Principles on Business and Human Rights (Article 18 of the Taxonomy Regulation).")


def safeguard_rows(items: set[str]) -> list[Row]:
    """The minimum-safeguards condition every EU activity shares (Article 18 of Regulation (EU) 2020/852)."""
    return [C(item, "ms", "safeguards", *SAFEGUARDS, "minimum safeguards, Article 18 of Regulation (EU) 2020/852")
            for item in sorted(items, key=_item_key)]


def _industry_rows(kg, scheme: str) -> dict[str, set[str]]:
    q = f"""SELECT ?n ?code WHERE {{ ?c skos:inScheme <{GTC}{scheme}> ; skos:notation ?n .
             OPTIONAL {{ ?c gt:industryRow/gt:industryCode ?ic . BIND(REPLACE(STR(?ic), "^.*/", "") AS ?code) }} }}"""
    out: dict[str, set[str]] = {}
    for r in kg.query(q):
        out.setdefault(r["n"].value, set())
        if r["code"] is not None:
            out[r["n"].value].add(r["code"].value)
    return out


def check_rows(kg, scheme: str, rows: list[Row]) -> list[str]:
    problems: list[str] = []
    items = _industry_rows(kg, scheme)
    seen: set[tuple[str, str]] = set()
    for r in rows:
        where = f"{scheme} {r.item}/{r.key}"
        if (r.item, r.key) in seen:
            problems.append(f"{where}: duplicate key")
        seen.add((r.item, r.key))
        if r.item not in items:
            problems.append(f"{where}: the catalogue has no item {r.item}")
            continue
        if scheme == "gfspc2025":
            for code in re.findall(r"\b\d{4}\b", r.clause):
                if code not in items[r.item]:
                    problems.append(f"{where}: clause cites row {code}, but {r.item} lists {sorted(items[r.item])}")
        rule = r.parsed_rule()
        if rule:
            metric, _, _, unit = rule
            if metric not in metric_vocab.METRICS:
                problems.append(f"{where}: metric {metric} is not in metrics.tsv")
            elif not compatible(unit, metric_vocab.METRICS[metric].unit):
                problems.append(f"{where}: unit {unit} does not convert to {metric_vocab.METRICS[metric].unit}")
        if not r.zh.strip() or not r.en.strip():
            problems.append(f"{where}: both zh and en summaries are required")
    return problems


def render(scheme: str, rows: list[Row]) -> str:
    lines = [
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix gt: <https://w3id.org/greentaxo/def#> .",
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "",
        f"# GENERATED by `python -m greentaxo.eligibility.build` from src/greentaxo/eligibility/criteria_{scheme}.tsv"
        + (" and dnsh.tsv (minimum safeguards added per activity)" if scheme == "eutaxonomy" else "")
        + "; edit those, not this file.",
        "",
        f"<{GTC}{scheme}/criteria> dct:source {_lit(SOURCES[scheme])} ;",
        "    dct:creator \"greentaxo editors\" ;",
        "    owl:versionInfo \"0.1.0\" .",
        "",
    ]
    by_item: dict[str, list[Row]] = {}
    for r in rows:
        by_item.setdefault(r.item, []).append(r)
    for item in sorted(by_item, key=_item_key):
        crits = by_item[item]
        iris = ", ".join(f"<{_iri(scheme, r)}>" for r in crits)
        lines += [f"<{GTC}{scheme}/{item}> gt:hasCriterion {iris} .", ""]
        for r in crits:
            props = [
                "a gt:EligibilityCriterion",
                f"skos:notation {_lit(f'{item}/{r.key}')}",
                f"dct:description {_lit(r.zh, 'zh')}, {_lit(r.en, 'en')}",
                f"dct:source {_lit(f'{SOURCES[scheme]}, item {item}' + (f', {r.clause}' if r.clause else ''))}",
                f"gt:criterionRole {_lit(r.role)}",
            ]
            rule = r.parsed_rule()
            if rule:
                metric, op, thr, unit = rule
                props += [f"gt:metric {_lit(metric)}", f"gt:comparator {_lit(op)}",
                          f'gt:threshold "{thr:g}"^^xsd:decimal', f"gt:unit {_lit(unit)}"]
            if r.scope:
                props.append(f"gt:scope {_lit(r.scope[0], 'zh')}, {_lit(r.scope[1], 'en')}")
            alt = r.alternatives()
            if alt:
                props.append(f"gt:alternativeGroup {_lit(alt[0])}")
                props.append("gt:alternativeBranch " + ", ".join(_lit(b) for b in alt[1]))
            if r.role == "dnsh":
                props.append(f"gt:dnshObjective {_lit(r.clause.removeprefix('DNSH on '))}")
            if r.routes:
                props.append("gt:forRoute " + ", ".join(_lit(n) for n in r.routes))
            props.append(f"gt:checkable {'true' if rule else 'false'}")
            lines.append(f"<{_iri(scheme, r)}> " + " ;\n    ".join(props) + " .")
            lines.append("")
    return "\n".join(lines)


def _iri(scheme: str, r: Row) -> str:
    return f"{GTC}{scheme}/{r.item}/criterion/{r.key}"


def _item_key(code: str) -> list:
    return [int(p) if p.isdigit() else p for p in re.split(r"[.\-]", code)]


def tables(root: Path) -> dict[str, list[Row]]:
    here = root / "src" / "greentaxo" / "eligibility"
    eu = read_tsv(here / "criteria_eutaxonomy.tsv") + dnsh_rows(root)
    return {"gfspc2025": read_tsv(here / "criteria_gfspc2025.tsv"),
            "gigc2019": read_tsv(here / "criteria_gigc2019.tsv"),
            "eutaxonomy": eu + safeguard_rows({r.item for r in eu})}


def build(root: Path | None = None, check: bool = False) -> list[str]:
    """Write (or, with check=True, compare) the criteria files; returns the problems found."""
    root = root or paths.home()
    codes = [root / "ontology" / "greentaxo.ttl", *sorted((root / "ontology" / "codes").glob("*.ttl"))]
    kg = KnowledgeGraph.from_files(codes, root)
    problems: list[str] = []
    for scheme, rows in tables(root).items():
        problems += check_rows(kg, scheme, rows)
        target = root / "ontology" / "criteria" / f"{scheme}.ttl"
        text = render(scheme, rows)
        if check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                problems.append(f"{target} is out of date; run python -m greentaxo.eligibility.build")
        elif not problems:
            target.write_text(text, encoding="utf-8")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    problems = build(check=args.check)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
