"""Generate ontology/codes/*.ttl from the official tables in ../shared/data.

Each table's SOURCE.md lists typos and gaps; they are handled here, visibly: corrected values carry
a gt:sourceFlag and the printed value in skos:editorialNote, doubtful codes get gt:provenanceDoubt.
Output is deterministic: the same input gives byte-identical files.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS, XSD

from greentaxo.errors import InputError
from greentaxo.namespaces import GT, GTC, code_iri

GTN = Namespace(GT)
VERSION = "0.1.0"


def _rows(path: Path) -> Iterator[dict[str, str]]:
    if not path.exists():
        raise InputError("official table not found; pass --data pointing at shared/data", source=str(path))
    with path.open(encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)


def _scheme(g: Graph, sid: str, title_zh: str, title_en: str, edition: str, publisher: str,
            source: str, note: str | None = None) -> URIRef:
    s = URIRef(GTC + sid)
    g.add((s, RDF.type, SKOS.ConceptScheme))
    g.add((s, RDF.type, GTN.CodeScheme))
    if title_zh:
        g.add((s, SKOS.prefLabel, Literal(title_zh, lang="zh")))
    g.add((s, SKOS.prefLabel, Literal(title_en, lang="en")))
    g.add((s, SKOS.notation, Literal(sid)))
    g.add((s, OWL.versionInfo, Literal(edition)))
    g.add((s, DCTERMS.publisher, Literal(publisher)))
    g.add((s, DCTERMS.source, Literal(source)))
    g.add((s, DCTERMS.creator, Literal(f"greentaxo codes build {VERSION}")))
    if note:
        g.add((s, SKOS.editorialNote, Literal(note, lang="en")))
    return s


def _code(g: Graph, scheme: URIRef, sid: str, code: str, label: str, lang: str, level: int,
          parent: str | None) -> URIRef:
    c = URIRef(code_iri(sid, code))
    g.add((c, RDF.type, SKOS.Concept))
    g.add((c, SKOS.inScheme, scheme))
    g.add((c, SKOS.notation, Literal(code)))
    if label:
        g.add((c, SKOS.prefLabel, Literal(label, lang=lang)))
    g.add((c, GTN.level, Literal(level, datatype=XSD.integer)))
    if parent:
        g.add((c, SKOS.broader, URIRef(code_iri(sid, parent))))
    else:
        g.add((c, SKOS.topConceptOf, scheme))
    return c


def _new_graph() -> Graph:
    g = Graph()
    for p, ns in (("gt", GT), ("skos", str(SKOS)), ("dct", str(DCTERMS)), ("owl", str(OWL)), ("xsd", str(XSD))):
        g.bind(p, ns)
    return g


# ---------------------------------------------------------------- one builder per scheme

def gbt4754(data: Path) -> Graph:
    g = _new_graph()
    sid = "gbt4754-2017"
    g.bind("gbt4754", GTC + sid + "/")
    s = _scheme(g, sid, "国民经济行业分类（GB/T 4754-2017，含第1号修改单）",
                "Industrial classification for national economic activities (GB/T 4754-2017, amendment 1)",
                "GB/T 4754-2017 with amendment No.1 (2019)", "国家统计局、国家标准化管理委员会 (NBS, SAC)",
                "shared/data/gbt4754-2017/gbt4754_2017.csv; appendix C: gbt4754_2017_to_isic_rev4.csv",
                "1,381 4-digit classes as in the document (sources disagree on 1,380/1,381/1,382). Middle classes "
                "that are not subdivided were derived from their single 4-digit class (gt:sourceFlag derived-group).")
    g.bind("isic4", GTC + "isic4/")
    for r in _rows(data / "gbt4754-2017/gbt4754_2017.csv"):
        c = _code(g, s, sid, r["code"], r["name"], "zh", int(r["level"]), r["parent_code"] or None)
        if r["description"]:
            g.add((c, SKOS.scopeNote, Literal(r["description"], lang="zh")))
        if r["note"]:
            g.add((c, SKOS.editorialNote, Literal(r["note"], lang="zh")))
            if "not subdivided" in r["note"]:
                g.add((c, GTN.sourceFlag, Literal("derived-group")))
    isic = {r["code"] for r in _rows(data / "isic-rev4/isic_rev4.csv")}
    for r in _rows(data / "gbt4754-2017/gbt4754_2017_to_isic_rev4.csv"):
        code, target = r["code_gbt4754_2017"], r["code_isic_rev4"]
        if not target or len(code) < 4:
            continue
        c = URIRef(code_iri(sid, code))
        if target not in isic:
            g.add((c, SKOS.editorialNote, Literal(
                f"Appendix C gives ISIC Rev.4 {target}, which does not exist in ISIC Rev.4; link omitted.", lang="en")))
            continue
        g.add((c, SKOS.closeMatch, URIRef(code_iri("isic4", target))))
        if r["code_in_source"] and r["code_in_source"] != code:
            g.add((c, SKOS.editorialNote, Literal(
                f"Appendix C prints this row as {r['code_in_source']}; corrected by name to {code}.", lang="en")))
            g.add((c, GTN.sourceFlag, Literal("appendix-c-code-corrected")))
    return g


# codes the SOURCE.md names as likely additions to the 2009 list (not in the printed standard)
GBT13745_DOUBTFUL = {"32058": "likely added after 2009 (critical-care medicine)",
                     "63044": "likely added after 2009 (public administration)",
                     "11085": "likely added by the transcribing application (computational mathematics)",
                     "63032": "the source had a stray space in the name; check against the printed standard",
                     "33035": "listed out of order in the source; check against the printed standard"}


def gbt13745(data: Path) -> Graph:
    g = _new_graph()
    sid = "gbt13745-2009"
    g.bind("gbt13745", GTC + sid + "/")
    s = _scheme(g, sid, "学科分类与代码（GB/T 13745-2009）", "Classification and code of disciplines (GB/T 13745-2009)",
                "GB/T 13745-2009, levels 1-2", "国家质量监督检验检疫总局、国家标准化管理委员会 (AQSIQ, SAC)",
                "shared/data/gbt13745-2009/gbt13745_2009_level1_2.csv (transcribed from a secondary source)",
                "Weak provenance: 738 second-level codes against the ~676 usually quoted; codes named as doubtful "
                "in SOURCE.md carry gt:provenanceDoubt true. Third-level (7-digit) codes are not available.")
    for r in _rows(data / "gbt13745-2009/gbt13745_2009_level1_2.csv"):
        c = _code(g, s, sid, r["code"], r["name"], "zh", int(r["level"]), r["parent_code"] or None)
        if r["code"] in GBT13745_DOUBTFUL:
            g.add((c, GTN.provenanceDoubt, Literal(True)))
            g.add((c, SKOS.editorialNote, Literal(GBT13745_DOUBTFUL[r["code"]], lang="en")))
    return g


def gfspc2025(data: Path) -> Graph:
    g = _new_graph()
    sid = "gfspc2025"
    g.bind("gfspc2025", GTC + sid + "/")
    g.bind("gbt4754", GTC + "gbt4754-2017/")
    s = _scheme(g, sid, "绿色金融支持项目目录（2025年版）", "Green Finance Endorsed Projects Catalogue (2025 edition)",
                "2025 (银发〔2025〕132号, in force 2025-10-01; supersedes the 2021 green bond catalogue)",
                "中国人民银行、国家金融监督管理总局、中国证监会 (PBoC, NFRA, CSRC)",
                "shared/data/gfspc-2025/gfspc2025_categories.csv; gfspc2025_industry_map.csv",
                "Carbon marks: √ enabling (低碳赋能), √√ direct reduction (直接碳减排). The GB/T 4754 codes listed "
                "per category are descriptive, per the catalogue's own note.")
    for r in _rows(data / "gfspc-2025/gfspc2025_categories.csv"):
        c = _code(g, s, sid, r["code"], r["name"], "zh", int(r["level"]), r["parent_code"] or None)
        g.add((c, RDF.type, GTN.FinanceCategory))
    counters: dict[str, int] = {}
    for r in _rows(data / "gfspc-2025/gfspc2025_industry_map.csv"):
        cat = r["cat3_code"]
        counters[cat] = counters.get(cat, 0) + 1
        row = URIRef(f"{code_iri(sid, cat)}/row-{counters[cat]:02d}")
        g.add((URIRef(code_iri(sid, cat)), GTN.industryRow, row))
        g.add((row, RDF.type, GTN.CatalogueRow))
        g.add((row, SKOS.notation, Literal(f"{cat}#{counters[cat]}")))
        if r["industry_code"] and r["industry_code"] != "-":
            g.add((row, GTN.industryCode, URIRef(code_iri("gbt4754-2017", r["industry_code"]))))
        else:
            g.add((row, SKOS.editorialNote, Literal("The catalogue gives '-' (spans many industries).", lang="en")))
        g.add((row, SKOS.prefLabel, Literal(r["industry_name"] or "-", lang="zh")))
        mark = r["ghg_mark"].replace(" ", "")
        if mark:
            g.add((row, GTN.carbonMark, Literal(mark)))
            g.add((URIRef(code_iri(sid, cat)), GTN.carbonMark, Literal(mark)))
        if r["condition"]:
            g.add((row, SKOS.scopeNote, Literal(r["condition"], lang="zh")))
        if r["remark"]:
            g.add((row, SKOS.editorialNote, Literal(r["remark"], lang="zh")))
        for flag in filter(None, (f.strip() for f in r["flags"].split(";"))):
            g.add((row, GTN.sourceFlag, Literal(flag)))
    return g


def gigc2019(data: Path) -> Graph:
    g = _new_graph()
    sid = "gigc2019"
    g.bind("gigc2019", GTC + sid + "/")
    s = _scheme(g, sid, "绿色产业指导目录（2019年版）", "Green Industry Guidance Catalogue (2019 edition)",
                "2019 (发改环资〔2019〕293号)", "国家发展改革委等七部委 (NDRC and six other ministries)",
                "shared/data/gigc-2019/gigc2019_catalogue.csv (explanations extracted from the official PDF)",
                "The catalogue gives no GB/T 4754 codes.")
    for r in _rows(data / "gigc-2019/gigc2019_catalogue.csv"):
        c = _code(g, s, sid, r["code"], r["name"], "zh", int(r["level"]), r["parent_code"] or None)
        g.add((c, RDF.type, GTN.FinanceCategory))
        if r["explanation"]:
            g.add((c, SKOS.scopeNote, Literal(r["explanation"], lang="zh")))
    return g


_NACE_FIX = re.compile(r"^([A-U])?(\d+)(?:\.(\d+))?(?:\.(\d+))?$")


def nace_code(raw: str, valid: set[str], sections: dict[str, str]) -> tuple[str | None, str | None]:
    """Normalise the EU Taxonomy's irregular NACE notations (A2, H49.3.9, Q84 ...); (code, note)."""
    m = _NACE_FIX.match(raw.strip())
    if not m:
        return None, f"unreadable NACE code {raw!r}"
    _, div, grp, cls = m.groups()
    div = div.zfill(2)
    code = div
    if grp is not None and cls is not None and len(grp) == 1:
        code = f"{div}.{grp}{cls}"          # 49.3.9 -> 49.39
    elif grp is not None:
        code = f"{div}.{grp}"
    if code not in valid:
        return None, f"NACE code {raw!r} (read as {code}) is not in NACE Rev. 2"
    letter = m.group(1)
    note = None
    if letter and letter != sections.get(code):
        note = f"source writes {raw.strip()}; the section letter of {code} is {sections.get(code)}"
    elif raw.strip()[1:] != code:
        note = f"source writes {raw.strip()}; normalised to {code}"
    return code, note


def eutaxonomy(data: Path) -> Graph:
    g = _new_graph()
    sid = "eutaxonomy"
    g.bind("eutaxonomy", GTC + sid + "/")
    g.bind("nace2", GTC + "nace2/")
    s = _scheme(g, sid, "欧盟可持续金融分类法", "EU Taxonomy for sustainable activities",
                "Climate Delegated Act 2021/2139 as amended + Environmental Delegated Act 2023/2486 (Compass snapshot ~2024)",
                "European Commission (DG FISMA)",
                "shared/data/eu-taxonomy/eu_taxonomy_activities.csv (EU Taxonomy Compass export)",
                "Later amendments (2025 simplification) are not reflected. NACE codes are examples per the acts.")
    sections = {r["code"]: r["section"] for r in _rows(data / "nace-rev2/nace_rev2.csv")}
    valid = set(sections)
    objectives = {}
    for r in _rows(data / "eu-taxonomy/eu_taxonomy_activities.csv"):
        obj = r["objective_code"].lower()
        if obj not in objectives:
            objectives[obj] = _code(g, s, sid, obj, r["objective"], "en", 1, None)
            g.add((objectives[obj], SKOS.editorialNote, Literal(r["legal_basis"], lang="en")))
        local = f"{obj}-{r['activity_number']}"
        c = _code(g, s, sid, local, r["activity"], "en", 2, obj)
        g.add((c, RDF.type, GTN.FinanceCategory))
        g.add((c, SKOS.altLabel, Literal(f"{r['objective_code']} {r['activity_number']}", lang="en")))
        kind = r["contribution_type"]
        if not kind and obj == "ccm" and re.search(r"Article 10\s*\(2\)", r["description"]):
            # 4.26-4.28: the export leaves the column blank, but the act's text makes them transitional
            kind = "Transitional"
            g.add((c, SKOS.editorialNote, Literal("contribution type read from the description (an activity as "
                                                  "referred to in Article 10(2)); the Compass export leaves it blank",
                                                  lang="en")))
        g.add((c, GTN.contributionType, Literal(kind or "own performance")))
        if r["sector"]:
            g.add((c, DCTERMS.subject, Literal(r["sector"], lang="en")))
        if r["description"]:
            g.add((c, SKOS.scopeNote, Literal(r["description"], lang="en")))
        for raw in filter(None, (x.strip() for x in r["nace_codes"].split(","))):
            code, note = nace_code(raw, valid, sections)
            if code:
                g.add((c, GTN.industryCode, URIRef(code_iri("nace2", code))))
            if note:
                g.add((c, SKOS.editorialNote, Literal(f"NACE: {note}", lang="en")))
    return g


def nace2(data: Path) -> Graph:
    g = _new_graph()
    sid = "nace2"
    g.bind("nace2", GTC + sid + "/")
    g.bind("isic4", GTC + "isic4/")
    s = _scheme(g, sid, "", "NACE Rev. 2", "NACE Rev. 2 (Regulation (EC) No 1893/2006)", "Eurostat",
                "shared/data/nace-rev2/nace_rev2.csv (Eurostat RAMON export, 2020-10-21)")
    for r in _rows(data / "nace-rev2/nace_rev2.csv"):
        c = _code(g, s, sid, r["code"], r["title"], "en", int(r["level"]), r["parent"] or None)
        if r["isic_rev4_ref"]:
            g.add((c, SKOS.closeMatch, URIRef(code_iri("isic4", r["isic_rev4_ref"]))))
    return g


def isic4(data: Path) -> Graph:
    g = _new_graph()
    sid = "isic4"
    g.bind("isic4", GTC + sid + "/")
    s = _scheme(g, sid, "", "ISIC Rev. 4", "ISIC Rev. 4", "United Nations Statistics Division",
                "shared/data/isic-rev4/isic_rev4.csv")
    for r in _rows(data / "isic-rev4/isic_rev4.csv"):
        _code(g, s, sid, r["code"], r["title"], "en", int(r["level"]), r["parent"] or None)
    return g


def ipc_symbol(raw: str) -> str:
    """'B01D  53/34' -> 'B01D53/34' (PATSTAT padding removed)."""
    return re.sub(r"\s+", "", raw)


def ipc(data: Path) -> Graph:
    g = _new_graph()
    sid = "ipc"
    g.bind("ipc", GTC + sid + "/")
    s = _scheme(g, sid, "国际专利分类（绿色清单部分）", "International Patent Classification (green-inventory subset)",
                "IPC as used by the WIPO IPC Green Inventory (~2023)", "WIPO",
                "shared/data/ipc-green-inventory/ipc_green_inventory.csv",
                "Only the IPC symbols of the WIPO Green Inventory, each with one topic; the inventory's hierarchy is "
                "not in the data. Other well-formed IPC symbols may appear in mappings.")
    for r in _rows(data / "ipc-green-inventory/ipc_green_inventory.csv"):
        sym = ipc_symbol(r["ipc_code"])
        c = _code(g, s, sid, sym, r["green_inventory_topic"], "en", 1, None)
        g.add((c, GTN.greenInventoryTopic, Literal(r["green_inventory_topic"])))
    return g


def envtech(data: Path) -> Graph:
    g = _new_graph()
    sid = "envtech"
    g.bind("envtech", GTC + sid + "/")
    s = _scheme(g, sid, "", "OECD ENV-TECH environment-related technology codes", "codes only (~2023)", "OECD",
                "shared/data/oecd-envtech/envtech_codes.csv",
                "Flat code list without ENV-TECH classes or titles. Y02 codes follow the pre-2020 numbering.")
    for r in _rows(data / "oecd-envtech/envtech_codes.csv"):
        sym = ipc_symbol(r["code"])
        c = _code(g, s, sid, sym, "", "en", 1, None)
        if sym.startswith("Y02"):
            g.add((c, GTN.sourceFlag, Literal("pre-2020-Y02-numbering")))
    return g


BUILDERS: dict[str, Callable[[Path], Graph]] = {
    "gbt4754-2017": gbt4754, "gbt13745-2009": gbt13745, "gfspc2025": gfspc2025, "gigc2019": gigc2019,
    "eutaxonomy": eutaxonomy, "nace2": nace2, "isic4": isic4, "ipc": ipc, "envtech": envtech,
}


def build_all(data: Path, out: Path, only: list[str] | None = None) -> dict[str, int]:
    """Write one Turtle file per scheme; returns triples per scheme. Writes nothing if any builder fails."""
    graphs = {sid: fn(data) for sid, fn in BUILDERS.items() if not only or sid in only}
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for sid, g in graphs.items():
        (out / f"{sid}.ttl").write_text(serialise(g), encoding="utf-8")
        counts[sid] = len(g)
    return counts


def serialise(g: Graph) -> str:
    """Deterministic Turtle: rdflib sorts subjects and predicates; objects are sorted here too."""
    return g.serialize(format="turtle")
