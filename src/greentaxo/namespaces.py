"""The project's public identity: namespaces and the short prefixes used in CURIEs and SSSOM."""
from __future__ import annotations

GT = "https://w3id.org/greentaxo/def#"
GTR = "https://w3id.org/greentaxo/route/"
GTX = "https://w3id.org/greentaxo/scenario/"
GTC = "https://w3id.org/greentaxo/code/"
GTK = "https://w3id.org/greentaxo/kpi/"          # key performance indicators of routes
GTF = "https://w3id.org/greentaxo/facet/"        # facets: project types, services, markets, business models
GTI = "https://w3id.org/greentaxo/indicator/"    # indicator systems for technology assessment
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
SSSOM = "https://w3id.org/sssom/"
SEMAPV = "https://w3id.org/semapv/vocab/"

ROUTE_SCHEME = GTR + "scheme"
FACET_SCHEME = GTF + "scheme"

# scheme id (as used in IRIs, CLI and output records) -> SSSOM/CURIE prefix
SCHEME_PREFIX = {
    "gbt4754-2017": "gbt4754",
    "gbt13745-2009": "gbt13745",
    "gfspc2025": "gfspc2025",
    "gigc2019": "gigc2019",
    "eutaxonomy": "eutaxonomy",
    "ipc": "ipc",
    "nace2": "nace2",
    "isic4": "isic4",
    "envtech": "envtech",
}
PREFIX_SCHEME = {v: k for k, v in SCHEME_PREFIX.items()}

PREFIXES = {
    "gt": GT,
    "gtr": GTR,
    "gtx": GTX,
    "gtc": GTC,
    "gtk": GTK,
    "gtf": GTF,
    "gti": GTI,
    "skos": SKOS,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "dct": DCT,
    "xsd": XSD,
    "sssom": SSSOM,
    "semapv": SEMAPV,
    **{p: f"{GTC}{s}/" for s, p in SCHEME_PREFIX.items()},
}


def code_iri(scheme: str, code: str) -> str:
    """IRI of an external code; IPC slashes become hyphens so that the IRI keeps scheme/code shape."""
    return f"{GTC}{scheme}/{code.replace('/', '-').replace(' ', '')}"


def expand(curie: str) -> str:
    """Expand a CURIE with the project prefixes; full IRIs pass through."""
    if curie.startswith(("http://", "https://")):
        return curie
    prefix, sep, local = curie.partition(":")
    if sep and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    raise ValueError(f"unknown prefix in {curie!r}; known: {', '.join(sorted(PREFIXES))}")


def compact(iri: str) -> str:
    """Shortest CURIE for an IRI, or the IRI itself."""
    best = None
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(PREFIXES[best])):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri
