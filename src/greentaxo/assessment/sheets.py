"""Score sheets in and out: the CSV or XLSX an expert fills, and the blank template they start from.

Input is untrusted: size, row and cell limits are checked before anything is parsed further, a workbook
is opened without evaluating anything (a formula cell is refused, not computed), and every problem names
the file, row and column. The whole file is checked before anything is returned, so a caller stores all
sheets of a file or none. Text written to a spreadsheet goes through `greentaxo.security.cells`, which defuses
formula injection (a value starting with = + - @ would otherwise run as a formula when opened).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from greentaxo.errors import InputError, NotFoundError
from greentaxo.security.cells import safe_row, write_row
from greentaxo.security.uploads import check_zip

if TYPE_CHECKING:
    from greentaxo.assessment.systems import IndicatorSystem

MAX_BYTES = 5_000_000          # a 20-indicator panel file is a few kB
MAX_ROWS = 20_000
MAX_CELL = 4_000
NA = {"na", "n/a", "不适用"}
HEADERS = {"expert": {"expert", "专家"}, "indicator": {"indicator", "指标", "notation", "序号"},
           "score": {"score", "评分", "分值"}, "comment": {"comment", "意见", "说明", "备注"}}
TEMPLATE_COLUMNS = ["indicator", "id", "name_zh", "name_en", "weight", "direction", "scale", "guidance", "score", "comment"]


@dataclass(frozen=True)
class Score:
    value: float | None        # None = not applicable
    comment: str = ""


def _problem(problems: list[str], path: Path, row: int, column: str, text: str) -> None:
    problems.append(f"{path.name}:{row}: {column}: {text}")


def _rows(path: Path) -> list[tuple[int, list]]:
    """(line number, cells) of the first sheet, after the size checks."""
    if not path.is_file():
        raise InputError("score sheet not found; check the path", source=str(path))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"file is {size} bytes; a score sheet may have at most {MAX_BYTES}", source=str(path))
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    if suffix not in (".csv", ".tsv", ".txt"):
        raise InputError(f"unknown sheet type {suffix!r}; give a .csv, .tsv or .xlsx file", source=str(path))
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text; save the sheet as CSV UTF-8", source=str(path)) from None
    delim = "\t" if suffix == ".tsv" or (text.count("\t") > text.count(",")) else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delim))
    if len(rows) > MAX_ROWS:
        raise InputError(f"{len(rows)} rows; a score sheet may have at most {MAX_ROWS}", source=str(path))
    return list(enumerate(rows, start=1))


def _xlsx_rows(path: Path) -> list[tuple[int, list]]:
    from openpyxl import load_workbook  # noqa: PLC0415  (heavy: openpyxl)

    try:
        check_zip(path)
        wb = load_workbook(path, read_only=True, data_only=False)     # formulas come back as text, never run
    except InputError:
        raise
    except Exception as exc:      # BadZipFile, KeyError, InvalidFileException: not a workbook we can read
        raise InputError(f"not an .xlsx workbook ({exc.__class__.__name__}); save it as Excel .xlsx", source=str(path)) from None
    try:
        ws = wb["scores"] if "scores" in wb.sheetnames else wb.worksheets[0]
        out = []
        for n, row in enumerate(ws.iter_rows(), start=1):
            if n > MAX_ROWS:
                raise InputError(f"more than {MAX_ROWS} rows; a score sheet may have at most that", source=str(path))
            cells = []
            for cell in row:
                v = cell.value
                if getattr(cell, "data_type", None) == "f" or (isinstance(v, str) and v.startswith("=")):
                    raise InputError(f"cell {cell.coordinate} holds a formula ({str(v)[:40]}); type the value itself, "
                                     "formulas are never evaluated", source=str(path), line=n)
                cells.append(v)
            out.append((n, cells))
        return out
    finally:
        wb.close()


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _header(path: Path, rows: list[tuple[int, list]]) -> tuple[int, dict[str, int]]:
    for n, cells in rows:
        names = [_text(c).lower() for c in cells]
        if not any(names):
            continue
        cols = {key: names.index(a) for key, aliases in HEADERS.items() for a in aliases if a in names}
        missing = [k for k in ("indicator", "score") if k not in cols]
        if missing:
            raise InputError(f"the header row needs columns {', '.join(missing)} (found: {', '.join(n for n in names if n)}); "
                             "start from `greentaxo assess template`", source=str(path), line=n)
        return n, cols
    raise InputError("the sheet is empty; fill the template from `greentaxo assess template`", source=str(path))


def read_sheets(path: Path, system: IndicatorSystem, expert: str | None = None) -> dict[str, dict[str, Score]]:
    """Expert -> leaf IRI -> Score, for every expert in the file. All problems are collected first; any problem
    raises one InputError listing them (nothing is returned, so nothing can be stored)."""
    path = Path(path)
    rows = _rows(path)
    head, cols = _header(path, rows)
    if "expert" not in cols and not expert:
        raise InputError("the sheet has no expert column: name the expert (--expert NAME) or add an expert column",
                         source=str(path), line=head)
    problems: list[str] = []
    out: dict[str, dict[str, Score]] = {}
    for n, cells in rows:
        if n <= head or not any(_text(c) for c in cells):
            continue

        def cell(key: str, cells=cells) -> str:
            j = cols.get(key)
            return _text(cells[j]) if j is not None and j < len(cells) else ""
        if any(len(_text(c)) > MAX_CELL for c in cells):
            _problem(problems, path, n, "row", f"a cell is longer than {MAX_CELL} characters")
            continue
        who = cell("expert") or (expert or "")
        if expert and cell("expert") and cell("expert") != expert:
            _problem(problems, path, n, "expert", f"{cell('expert')!r} differs from --expert {expert!r}")
            continue
        if not who:
            _problem(problems, path, n, "expert", "empty; every row needs the expert's name")
            continue
        ref = cell("indicator")
        try:
            ind = system.indicator(ref, "indicator")
        except NotFoundError as exc:
            _problem(problems, path, n, "indicator", str(exc).split(": ", 1)[-1].rstrip("."))
            continue
        if not ind.is_leaf:
            _problem(problems, path, n, "indicator", f"{ind.notation} {ind.name()} is combined from the indicators under it; "
                     "score those instead")
            continue
        raw = cell("score")
        value = _score(raw, ind, system, problems, path, n)
        if value is False:
            continue
        sheet = out.setdefault(who, {})
        if ind.iri in sheet:
            _problem(problems, path, n, "indicator", f"{who} scores {ind.notation} {ind.name()} twice; keep one row")
            continue
        sheet[ind.iri] = Score(value, cell("comment"))
    for who, sheet in out.items():
        missing = [i for i in system.leaves() if i.iri not in sheet]
        if missing:
            names = ", ".join(f"{i.notation} {i.name()}" for i in missing[:5])
            problems.append(f"{path.name}: expert {who}: no score for {names}"
                            f"{' and more' if len(missing) > 5 else ''}; every indicator needs a score"
                            f"{' (or na where allowed)' if any(i.na_allowed for i in missing) else ''}")
    if not out and not problems:
        problems.append(f"{path.name}: no score rows below the header")
    if problems:
        more = f" (and {len(problems) - 5} more problems)" if len(problems) > 5 else ""
        raise InputError("; ".join(problems[:5]) + more + "; nothing was stored")
    return out


def _score(raw: str, ind, system: IndicatorSystem, problems: list[str], path: Path, n: int):
    """The score of one cell: a number on the scale, None for na, or False after recording a problem."""
    value, why = check_score(raw, ind, system)
    if why:
        _problem(problems, path, n, "score", why)
        return False
    return value


def check_score(raw, ind, system: IndicatorSystem) -> tuple[float | None, str | None]:
    """(score or None for na, problem or None) for one given value: text from a sheet or a JSON number."""
    if isinstance(raw, str) and raw.strip().lower() in NA:
        if ind.na_allowed:
            return None, None
        return None, f"{ind.notation} {ind.name()} cannot be marked not applicable; give a score"
    if raw is None or raw == "":
        return None, f"empty for {ind.notation} {ind.name()}; give a score {system.scale.lo:g}-{system.scale.hi:g}"
    if isinstance(raw, bool):
        return None, f"{raw!r} is not a number"
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None, f"{raw!r} is not a number"
    why = system.scale.problem(value)
    return (None, f"{ind.notation} {ind.name()}: {why}") if why else (value, None)


def scores_from_json(system: IndicatorSystem, body: dict) -> dict[str, Score]:
    """An API score sheet {indicator ref: score | "na" | {"score": .., "comment": ..}} checked like a file."""
    if not isinstance(body, dict) or not body:
        raise InputError("scores: give an object of indicator -> score, e.g. {\"1\": 4, \"2\": 3}")
    problems, out = [], {}
    for ref, given in body.items():
        value, comment = (given.get("score"), given.get("comment") or "") if isinstance(given, dict) else (given, "")
        try:
            ind = system.indicator(str(ref), f"scores.{ref}")
        except NotFoundError as exc:
            problems.append(str(exc))
            continue
        if not ind.is_leaf:
            problems.append(f"scores.{ref}: {ind.notation} {ind.name()} is combined from the indicators under it; score those")
            continue
        if ind.iri in out:
            problems.append(f"scores.{ref}: {ind.notation} is given twice")
            continue
        if not isinstance(comment, str) or len(comment) > MAX_CELL:
            problems.append(f"scores.{ref}.comment: give text of at most {MAX_CELL} characters")
            continue
        score, why = check_score(value, ind, system)
        if why:
            problems.append(f"scores.{ref}: {why}")
        else:
            out[ind.iri] = Score(score, comment)
    missing = [i for i in system.leaves() if i.iri not in out]
    if missing and not problems:
        problems.append(f"scores: no score for {', '.join(f'{i.notation} {i.name()}' for i in missing[:5])}"
                        f"{' and more' if len(missing) > 5 else ''}; every indicator needs one")
    if problems:
        more = f" (and {len(problems) - 5} more problems)" if len(problems) > 5 else ""
        raise InputError("; ".join(problems[:5]) + more + "; nothing was stored")
    return out


# ---------------------------------------------------------------------------- templates

def template_rows(system: IndicatorSystem, lang: str = "en") -> list[list]:
    scale = f"{system.scale.lo:g}-{system.scale.hi:g}"
    rows = [TEMPLATE_COLUMNS]
    for ind in system.leaves():
        scale_text = scale + (" or na" if ind.na_allowed else "")
        rows.append([ind.notation, ind.id, ind.label.get("zh", ""), ind.label.get("en", ""), ind.weight, ind.direction,
                     scale_text, ind.guidance.get(lang) or ind.guidance.get("en", ""), None, None])
    return rows


def write_template(system: IndicatorSystem, path: Path, lang: str = "en") -> Path:
    """A blank score sheet (CSV or XLSX by suffix): one row per scored indicator with its guidance."""
    path = Path(path)
    rows = template_rows(system, lang)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook  # noqa: PLC0415  (heavy: openpyxl)
        from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415  (heavy: openpyxl)

        wb = Workbook()
        ws = wb.active
        ws.title = "scores"
        for r in rows:
            write_row(ws, r)
        allowed = ",".join(f"{p:g}" for p in system.scale.points) + ",na"
        dv = DataValidation(type="list", formula1=f'"{allowed}"', allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"I2:I{len(rows)}")
        for col, width in zip("ABCDEFGHIJ", (10, 8, 18, 30, 8, 10, 10, 80, 8, 40), strict=True):
            ws.column_dimensions[col].width = width
        wb.save(path)
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            for r in rows:
                w.writerow(safe_row("" if v is None else v for v in r))
    return path
