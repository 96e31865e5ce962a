"""A small SPARQL grammar for hypothesis: well-formed SELECT/ASK/CONSTRUCT/DESCRIBE queries over the taxonomy,
in random keyword case, with decoys (the word SERVICE inside strings, IRIs, comments, prefixed names and
variables) and, when asked, real SERVICE clauses at any depth. Each query comes with whether it really has a
SERVICE clause, known by construction: the oracle of the guard's tests."""
from __future__ import annotations

from hypothesis import strategies as st

PREDICATES = ["skos:prefLabel", "skos:broader", "skos:notation", "a", "skos:altLabel", "gt:trlMin", "skos:inScheme"]
OBJECTS = ['"光伏"@zh', '"solar"', "gt:TechnologyRoute", "gtr:R0102", "3", "1.5", "true", "?o", "?l"]
FUNCS = ["STR", "LCASE", "UCASE", "STRLEN", "LANG", "isIRI", "BOUND"]


def _case(draw, word: str) -> str:
    style = draw(st.sampled_from(["upper", "lower", "mixed"]))
    if style == "upper":
        return word.upper()
    if style == "lower":
        return word.lower()
    return "".join(c.upper() if draw(st.booleans()) else c.lower() for c in word)


@st.composite
def decoy(draw, target: str) -> str:
    """Text that contains the word SERVICE but is no SERVICE clause."""
    word = _case(draw, "service")
    return draw(st.sampled_from([
        f"# {word} <{target}> {{ ?s ?p ?o }}\n",
        f'FILTER(?l != "{word} <{target}> {{ }}")',
        f"FILTER(?l != '''{word}\n<{target}>''')",
        f"FILTER(?c != <http://example.org/{word}>)",
        f"FILTER(?c != ex:{word})",
        f"BIND(STR(?c) AS ?{word})",
        f'FILTER(?l != "#{word}"@en)',
    ]))


@st.composite
def group(draw, target: str, depth: int = 0, service: bool = False) -> tuple[str, bool]:
    """A group graph pattern and whether it holds a real SERVICE clause."""
    parts = [f"?c {draw(st.sampled_from(PREDICATES))} {draw(st.sampled_from(OBJECTS))} ."]
    has = False
    for _ in range(draw(st.integers(0, 3))):
        choice = draw(st.sampled_from(["triple", "optional", "filter", "union", "minus", "bind", "values",
                                       "decoy", "exists", "service"]))
        if choice == "service" and not service:
            choice = "decoy"
        if choice in ("optional", "union", "minus", "exists", "service") and depth >= 3:
            choice = "triple"
        if choice == "triple":
            parts.append(f"?c {draw(st.sampled_from(PREDICATES))} {draw(st.sampled_from(OBJECTS))} .")
        elif choice == "filter":
            parts.append(f"{_case(draw, 'filter')}({draw(st.sampled_from(FUNCS))}(?c) != \"x\")")
        elif choice == "bind":
            parts.append(f"{_case(draw, 'bind')}(STR(?c) AS ?b{depth})")
        elif choice == "values":
            parts.append(f"{_case(draw, 'values')} ?v {{ 1 2 }}")
        elif choice == "decoy":
            parts.append(draw(decoy(target)))
        else:
            inner, inner_has = draw(group(target, depth + 1, service))
            has |= inner_has
            if choice == "optional":
                parts.append(f"{_case(draw, 'optional')} {inner}")
            elif choice == "union":
                other, other_has = draw(group(target, depth + 1, service))
                has |= other_has
                parts.append(f"{inner} {_case(draw, 'union')} {other}")
            elif choice == "minus":
                parts.append(f"{_case(draw, 'minus')} {inner}")
            elif choice == "exists":
                parts.append(f"{_case(draw, 'filter')} {_case(draw, 'exists')} {inner}")
            else:
                silent = _case(draw, "silent") + " " if draw(st.booleans()) else ""
                endpoint = draw(st.sampled_from([f"<{target}>", "ex:sparql", "?endpoint"]))
                parts.append(f"{_case(draw, 'service')} {silent}{endpoint} {inner}")
                has = True
    sep = draw(st.sampled_from([" ", "\n", "  ", "\t"]))
    return "{" + sep + sep.join(parts) + sep + "}", has


@st.composite
def query(draw, target: str, service: bool = False) -> tuple[str, bool]:
    """A whole query (with `ex:` bound to the target's folder) and whether it holds a real SERVICE clause."""
    where, has = draw(group(target, 0, service))
    form = draw(st.sampled_from(["select", "ask", "construct", "describe"]))
    head = f"PREFIX ex: <{target.rsplit('/', 1)[0]}/>\n"
    kw = lambda w: _case(draw, w)  # noqa: E731
    if form == "select":
        body = f"{kw('select')} {draw(st.sampled_from(['*', '?c', 'DISTINCT ?c']))} {kw('where')} {where} {kw('limit')} 5"
    elif form == "ask":
        body = f"{kw('ask')} {where}"
    elif form == "construct":
        body = f"{kw('construct')} {{ ?c a gt:TechnologyRoute }} {kw('where')} {where} {kw('limit')} 5"
    else:
        body = f"{kw('describe')} ?c {kw('where')} {where} {kw('limit')} 2"
    return head + body, has


@st.composite
def malformed(draw, target: str) -> str:
    """A well-formed query cut, spliced or sprinkled with stray characters."""
    text, _ = draw(query(target, service=True))
    how = draw(st.sampled_from(["cut", "drop", "insert", "swap-braces"]))
    i = draw(st.integers(0, len(text)))
    if how == "cut":
        return text[:i] or "{"
    if how == "drop":
        j = draw(st.integers(i, min(len(text), i + 20)))
        return text[:i] + text[j:]
    if how == "insert":
        return text[:i] + draw(st.text(alphabet='{}()<>"\'#?$@.;,\\ \nSERVICE', min_size=1, max_size=8)) + text[i:]
    return text.replace("{", "(", 1)
