"""Helpers the test folders share: the repository root, a small valid taxonomy, and the real CLI."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

MINI = """@prefix gt: <https://w3id.org/greentaxo/def#> .
@prefix gtr: <https://w3id.org/greentaxo/route/> .
@prefix gtx: <https://w3id.org/greentaxo/scenario/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

gtr:scheme a skos:ConceptScheme .

gtr:R9001 a skos:Concept, gt:TechnologyRoute ; skos:inScheme gtr:scheme ; skos:topConceptOf gtr:scheme ;
    skos:notation "91" ; skos:prefLabel "测试领域"@zh, "Test domain"@en ;
    skos:definition "用于测试的顶层领域。"@zh, "A top domain used in tests."@en .

gtr:R9002 a skos:Concept, gt:TechnologyRoute ; skos:inScheme gtr:scheme ; skos:broader gtr:R9001 ;
    skos:notation "91.01" ; skos:prefLabel "测试路线组"@zh, "Test route group"@en ;
    skos:definition "用于测试的路线组。"@zh, "A route group used in tests."@en .

gtr:R9003 a skos:Concept, gt:TechnologyRoute ; skos:inScheme gtr:scheme ; skos:broader gtr:R9002 ;
    skos:notation "91.01.01" ; skos:prefLabel "测试叶路线"@zh, "Test leaf route"@en ;
    skos:altLabel "测试甲"@zh, "test alpha"@en, "TA"@en ;
    skos:definition "用于测试的叶路线。"@zh, "A leaf route used in tests."@en ;
    gt:trlMin 5 ; gt:trlMax 7 ; gt:providesFunction gtx:F001 .

gtr:R9004 a skos:Concept, gt:TechnologyRoute ; skos:inScheme gtr:scheme ; skos:broader gtr:R9002 ;
    skos:notation "91.01.02" ; skos:prefLabel "测试叶路线二"@zh, "Second test leaf route"@en ;
    skos:altLabel "测试乙"@zh, "test beta"@en, "TB"@en ;
    skos:definition "用于测试的第二条叶路线。"@zh, "A second leaf route used in tests."@en ;
    gt:trlMin 3 ; gt:trlMax 4 ; gt:providesFunction gtx:F002 .
"""



def run_cli(*args: str, input: str | None = None) -> subprocess.CompletedProcess:
    """Run the real console script, as a user would."""
    exe = Path(sys.executable).parent / "greentaxo"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, input=input, cwd=ROOT, timeout=120)
