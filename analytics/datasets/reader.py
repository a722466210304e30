"""Reading a CSV or XLSX table in chunks with pandas, as Czech files are written.

* encodings: UTF-8, UTF-8 with BOM, Windows-1250 (tried in that order);
* separators ``;``, ``,`` (and tab), found from the header line;
* numbers with a decimal comma and thousands separated by spaces or no-break spaces;
* Czech dates (``2. 12. 2026``, ``02.12.2026``) and ISO dates; a year alone;
* several sheets in one XLSX (the caller chooses one), read row by row in read-only mode;
* empty rows and footnote rows ("Zdroj: ČSÚ") left out and counted.

:func:`scan` reads the whole file once, chunk by chunk, never holding more than a chunk of parsed
rows; it lists every problem by line and column and, when ``on_rows`` is given, hands the good
rows of each chunk to it (the import task writes them to the database).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import pandas as pd
from django.utils.translation import gettext as _

from .layouts import Spec

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 1_000_000
CHUNK_ROWS = 10_000
PREVIEW_ROWS = 20
#: Problems kept for the preview; beyond this only their number is reported.
MAX_PROBLEMS = 5_000

ENCODINGS = ("utf-8-sig", "cp1250")
SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
CZECH_DATE = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")
YEAR = re.compile(r"^(\d{4})(?:\.0)?$")
XLSX_MAGIC = b"PK\x03\x04"


@dataclass
class Problem:
    line: int | None
    column: str
    code: str
    message: str
    fatal: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ParsedRow:
    line: int
    territory_code: str
    territory_name: str
    period: str
    period_date: date | None
    measure: str
    value: Decimal | None
    dimensions: dict


@dataclass
class ScanResult:
    kind: str = "csv"
    encoding: str = ""
    separator: str = ""
    sheets: list[str] = field(default_factory=list)
    sheet: str = ""
    columns: list[str] = field(default_factory=list)
    rows: int = 0  # data rows read (empty and footnote rows not counted)
    empty_rows: int = 0
    footnote_rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    problem_lines: set[int] = field(default_factory=set)
    preview: list[ParsedRow] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)

    @property
    def fatal(self) -> bool:
        return any(p.fatal for p in self.problems)

    def add(self, problem: Problem) -> None:
        self.problem_count += 1
        if problem.line is not None:
            self.problem_lines.add(problem.line)
        if len(self.problems) < MAX_PROBLEMS or problem.fatal:
            self.problems.append(problem)


class Unreadable(Exception):
    pass


# --- cells ----------------------------------------------------------------------------------


def is_empty(cell) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float) and cell != cell:  # NaN
        return True
    return isinstance(cell, str) and not cell.strip()


def parse_number(cell) -> Decimal | None:
    """``4 000,5``, ``4\u00a0000,5``, ``1.234,5``, ``-3,2``, ``1234.5`` or a spreadsheet number."""
    if is_empty(cell):
        return None
    if isinstance(cell, bool):
        raise ValueError(cell)
    if isinstance(cell, int | float | Decimal):
        return Decimal(str(cell))
    text = SPACES.sub("", str(cell))
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(cell) from exc
    if not number.is_finite():
        raise ValueError(cell)
    return number


def parse_period(cell) -> tuple[str, date | None]:
    """(period as stored, its date): a year stands for its last day; dates become ISO."""
    if isinstance(cell, datetime):
        return cell.date().isoformat(), cell.date()
    if isinstance(cell, date):
        return cell.isoformat(), cell
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        cell = str(int(cell))
    text = str(cell).strip()
    if match := YEAR.match(text):
        year = int(match.group(1))
        return str(year), date(year, 12, 31)
    if match := CZECH_DATE.match(text):
        day, month, year = (int(g) for g in match.groups())
        parsed = date(year, month, day)  # ValueError for 31. 2.
        return parsed.isoformat(), parsed
    if match := ISO_DATE.match(text):
        year, month, day = (int(g) for g in match.groups())
        parsed = date(year, month, day)
        return parsed.isoformat(), parsed
    if re.fullmatch(r"[\d.\s/-]+", text) and re.search(r"\d{1,2}\s*[./]\s*\d{1,2}\s*[./]", text):
        raise ValueError(text)  # looks like a date but is not one
    return text[:32], None


def text_of(cell) -> str:
    if is_empty(cell):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


# --- files ----------------------------------------------------------------------------------


def is_xlsx(data: bytes) -> bool:
    return data[:4] == XLSX_MAGIC


def decode(data: bytes) -> tuple[str, str]:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise Unreadable(_("The file is neither UTF-8 nor Windows-1250 text."))


def sniff_separator(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            counts = {sep: line.count(sep) for sep in (";", ",", "\t")}
            best = max(counts, key=counts.get)
            return best if counts[best] else ","
    return ","


def xlsx_sheets(data: bytes) -> list[str]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _normalise(columns) -> list[str]:
    return [text_of(c).lower().lstrip("\ufeff") for c in columns]


def _csv_chunks(text: str, separator: str) -> Iterator[tuple[int, list[str], pd.DataFrame]]:
    if not text.strip():
        return
    skip = text[: re.match(r"(?:[ \t]*\r?\n)*", text).end()].count("\n")  # blank lines above the header
    reader = pd.read_csv(
        io.StringIO(text), sep=separator, dtype=str, keep_default_na=False, chunksize=CHUNK_ROWS,
        skiprows=skip, skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL, engine="c",
    )
    header_line = skip + 1
    first = header_line + 1
    for chunk in reader:
        columns = _normalise(chunk.columns)
        yield first, columns, chunk
        first += len(chunk)


def _xlsx_chunks(data: bytes, sheet: str, spec: Spec) -> Iterator[tuple[int, list[str], pd.DataFrame]]:
    """The sheet's rows in chunks. The header is the first of the top 30 rows naming a column the
    layout needs (title rows above a table are common), else the first non-empty row."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        rows = workbook[sheet].iter_rows(values_only=True)
        wanted = set(spec.values) | set(spec.period)
        head: list[tuple] = []
        for row in rows:
            head.append(tuple(row))
            if wanted & set(_normalise(row)) or len(head) >= 30:
                break
        header_at = next((i for i, r in enumerate(head) if wanted & set(_normalise(r))), None)
        if header_at is None:
            header_at = next((i for i, r in enumerate(head) if any(not is_empty(c) for c in r)), None)
        if header_at is None:
            return
        columns = _normalise(head[header_at])
        width = len(columns)
        first = header_at + 2
        buffer: list[tuple] = list(head[header_at + 1:])

        def frame() -> pd.DataFrame:
            return pd.DataFrame([(tuple(r) + (None,) * width)[:width] for r in buffer], dtype=object)

        for row in rows:
            buffer.append(row)
            if len(buffer) >= CHUNK_ROWS:
                yield first, columns, frame()
                first += len(buffer)
                buffer = []
        if buffer:
            yield first, columns, frame()
    finally:
        workbook.close()


# --- the scan -------------------------------------------------------------------------------


def scan(
    data: bytes,
    *,
    spec: Spec,
    known_codes: set[str],
    sheet: str = "",
    skip_lines: set[int] | None = None,
    on_rows: Callable[[list[ParsedRow]], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ScanResult:
    """Read ``data`` against ``spec``. With ``on_rows``, the parsed rows of each chunk are passed
    on, except those on ``skip_lines``; ``on_progress`` gets the share of the file read (0–100)."""
    result = ScanResult()
    if not data or not data.strip():
        result.add(Problem(None, "", "empty_file", _("The file is empty."), fatal=True))
        return result
    if len(data) > MAX_BYTES:
        result.add(Problem(None, "", "too_large", too_large_message(len(data)), fatal=True))
        return result
    try:
        if is_xlsx(data):
            result.kind = "xlsx"
            result.sheets = xlsx_sheets(data)
            result.sheet = sheet if sheet in result.sheets else result.sheets[0]
            chunks = _xlsx_chunks(data, result.sheet, spec)
            total_hint = None
        else:
            text, result.encoding = decode(data)
            result.separator = sniff_separator(text)
            chunks = _csv_chunks(text, result.separator)
            total_hint = text.count("\n") or 1
        _scan_chunks(result, chunks, spec, known_codes, skip_lines or set(), on_rows, on_progress, total_hint)
    except Unreadable as exc:
        result.add(Problem(None, "", "unreadable", str(exc), fatal=True))
    except pd.errors.ParserError as exc:
        result.add(Problem(None, "", "unreadable", _("The file could not be read as a table: %(error)s")
                           % {"error": str(exc).strip()[:200]}, fatal=True))
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as exc:  # a damaged workbook
        if result.kind != "xlsx":
            raise
        result.add(Problem(None, "", "unreadable", _("The workbook could not be read: %(error)s")
                           % {"error": str(exc)[:200]}, fatal=True))
    if not result.fatal and result.rows == 0 and not result.columns:
        result.add(Problem(None, "", "empty_file", _("The file is empty."), fatal=True))
    elif not result.fatal and result.rows == 0:
        result.add(Problem(None, "", "no_rows", _("The file has a header but no data rows."), fatal=True))
    return result


def too_large_message(size: int) -> str:
    return _("The file has %(size)s MB; at most %(limit)s MB can be imported. Split it or leave out columns.") % {
        "size": f"{size / 1024 / 1024:.1f}".replace(".", ","), "limit": MAX_BYTES // 1024 // 1024}


def _scan_chunks(result, chunks, spec, known_codes, skip_lines, on_rows, on_progress, total_hint) -> None:
    roles: dict | None = None
    seen: dict[int, int] = {}
    for first_line, columns, frame in chunks:
        if roles is None:
            result.columns = columns
            roles, missing = spec.resolve(columns)
            for name in missing:
                result.add(Problem(1, name, "missing_column", _("The column „%(column)s“ is missing.") % {"column": name},
                                   fatal=True))
            if missing:
                return
            value_columns = [c for c in spec.values if c in columns]
            result.measures = value_columns
            role_columns = {c for c in roles.values() if c} | set(value_columns)
            dimension_columns = [c for c in columns if c and c not in role_columns and c not in spec.ignore]
            index = {name: i for i, name in enumerate(columns)}
        parsed_chunk: list[ParsedRow] = []
        # Plain Python lists: iterating pandas' string arrays cell by cell is several times slower.
        for offset, cells in enumerate(frame.astype(object).where(frame.notna(), None).values.tolist()):
            line = first_line + offset
            cells = list(cells) + [None] * (len(columns) - len(cells))
            if all(is_empty(c) for c in cells):
                result.empty_rows += 1
                continue
            get = lambda name: cells[index[name]] if name else None  # noqa: E731, B023
            # A footnote ("Zdroj: ČSÚ", "* předběžné údaje"): no value, and no period or only one cell.
            if all(is_empty(get(c)) for c in value_columns) and (
                is_empty(get(roles["period"])) or sum(not is_empty(c) for c in cells) <= 1
            ):
                result.footnote_rows += 1
                continue
            result.rows += 1
            if result.rows > MAX_ROWS:
                result.add(Problem(line, "", "too_many_rows", _("The file has more than %(limit)s rows.")
                                   % {"limit": f"{MAX_ROWS:,}".replace(",", "\u00a0")}, fatal=True))
                return
            rows = _parse_row(result, line, get, roles, value_columns, dimension_columns, known_codes, seen)
            if on_rows is not None:
                if line not in skip_lines:
                    parsed_chunk.extend(rows)
            elif len(result.preview) < PREVIEW_ROWS * max(1, len(value_columns)):
                result.preview.extend(rows)
        if on_rows is not None and parsed_chunk:
            on_rows(parsed_chunk)
        if on_progress is not None and total_hint:
            on_progress(min(99, int(100 * (first_line + len(frame)) / total_hint)))


def _parse_row(result, line, get, roles, value_columns, dimension_columns, known_codes, seen) -> list[ParsedRow]:
    ok = True
    code = text_of(get(roles["territory_code"])) if roles["territory_code"] else ""
    name = text_of(get(roles["territory_name"])) if roles["territory_name"] else ""
    if roles["territory_code"]:
        if not code:
            result.add(Problem(line, roles["territory_code"], "missing_territory", _("The territory code is empty.")))
            ok = False
        elif code not in known_codes:
            result.add(Problem(line, roles["territory_code"], "unknown_territory",
                               _("Unknown territory code „%(code)s“.") % {"code": code}))
            ok = False
    raw_period = get(roles["period"])
    period, period_date = "", None
    if is_empty(raw_period):
        result.add(Problem(line, roles["period"], "missing_period", _("The period is empty.")))
        ok = False
    else:
        try:
            period, period_date = parse_period(raw_period)
        except ValueError:
            result.add(Problem(line, roles["period"], "bad_date",
                               _("„%(value)s“ is not a valid date.") % {"value": text_of(raw_period)[:40]}))
            ok = False
    values = {}
    for column in value_columns:
        try:
            values[column] = parse_number(get(column))
        except ValueError:
            result.add(Problem(line, column, "not_a_number", _("„%(value)s“ is not a number.")
                               % {"value": text_of(get(column))[:40]}))
            ok = False
    dimensions = {c: text_of(get(c)) for c in dimension_columns}
    key = hash((code, name, period, tuple(dimensions.values())))
    if key in seen:
        result.add(Problem(line, "", "duplicate_row", _("The row repeats line %(line)s (same territory, period and "
                                                        "dimensions).") % {"line": seen[key]}))
        ok = False
    else:
        seen[key] = line
    if not ok:
        return []
    return [ParsedRow(line, code[:12], name[:200], period, period_date, column, value, dimensions)
            for column, value in values.items()]
