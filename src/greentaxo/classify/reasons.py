"""Why an output record says what it says: a stable `code` and a sentence (the `reason` field of the contract,
docs/classifier.md). The web pages translate the codes; the sentences are for the CLI, the API and logs."""
from __future__ import annotations

from typing import TYPE_CHECKING

from greentaxo.classify.labels import names_route

if TYPE_CHECKING:
    from greentaxo.classify.document import Document
    from greentaxo.classify.routes import RouteIndex


def not_green(doc: Document, p_green: float, cut: float, label: float, route_shown: bool, routes: RouteIndex) -> dict:
    """Why a record is not green. "No route" only when no route would be shown either (`route_shown`: the best
    candidate reaches the route threshold): "脱硫设备" has flue-gas desulphurisation at 0.18 but is judged not green,
    which is a low probability, not no route. `label`: the best label weight found (0: none)."""
    if label <= 0 and doc.blocked:
        words = sorted({w for w, _ in doc.blocked})
        names = sorted({routes.concepts[c].pref.get("en", "") for _, c in doc.blocked})
        return {"code": "context-missing",
                "text": f"only ambiguous words ({', '.join(words)}) that name a green route ({'; '.join(names)}) "
                        "only together with context words the text does not have"}
    if label <= 0 and p_green < 0.5 * cut and not route_shown:
        return {"code": "no-route", "text": "no green technology route found in the text"}
    return {"code": "low-probability",
            "text": f"the text reads like patents that are not green (P(green) = {p_green:.2f}, green from {cut:.2f})"}


def unrouted(p_green: float, guess: list[tuple[int, float]], threshold: float, routes: RouteIndex) -> dict:
    """Why a text judged green shows no route: nothing in it supports any (`route-unknown`), or what does stays
    under the threshold and the text names none of it (`route-uncertain`; `guess`: the best route as `select`
    lists it, or nothing)."""
    lead = f"the text reads like green patents (P(green) = {p_green:.2f}), but "
    if not guess:
        return {"code": "route-unknown", "text": lead + "no label, n-gram or mapped IPC code of any route occurs in it: "
                                                 "the route is for a person to name"}
    best = routes.concepts[guess[0][0]]
    return {"code": "route-uncertain",
            "text": lead + f"no route reaches the threshold of {threshold:.2f} and the text names none (the best guess, "
                           f"{best.notation} {best.pref.get('en', '')}, scores {guess[0][1]:.2f}): the route is for a "
                           "person to name; the candidates list the guesses"}


def named_green(p_green: float, cut: float, cols: frozenset[int], evidence: dict, routes: RouteIndex) -> dict:
    """Why a description is green although its wording's P(green) is under the cut: it names routes outright
    (`labels.named_outright`: `cols`, with the label evidence that names them)."""
    named = []
    for c in sorted(cols):
        matched = next((m for _i, _j, m, _nt in evidence.get(c, []) if names_route(m)), "")
        named.append(f"{routes.concepts[c].notation} {routes.concepts[c].pref.get('en', '')} (\"{matched}\")")
    return {"code": "route-named",
            "text": f"the description names {'; '.join(named)} outright, which makes it green although its wording "
                    f"alone reads like patents that are not green (P(green) = {p_green:.2f}, green from {cut:.2f})"}
