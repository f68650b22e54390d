"""Read raw inputs (files and folders) into ``RawArticle`` records, one at a time.

Formats (``../shared/INTERFACE.md``):

- ``.jsonl`` / ``.jsonl.gz``: one article per line, fields ``id``, ``title``,
  ``text`` or ``html``, ``published_at``, ``source``, ``url``; only ``text`` or
  ``html`` is required. Read line by line, never the whole file.
- ``.txt`` (also ``.txt.gz``): one article per file, the whole file is the
  text; ``doc_id`` is the file name without extension. With
  ``txt_title_first_line=True`` (corpora such as BBC News) the first line is
  the title and the rest the text.
- ``.html`` / ``.htm`` (optionally ``.gz``): one page per file; the main text,
  title and date come from trafilatura (``newsfacts.htmltext``). JSON Lines
  records with ``html`` instead of ``text`` are extracted the same way.

Nothing bad in an input escapes ``iter_inputs``: every problem becomes a
``Quarantined`` row (stage ``read``, ``reason`` from the named error) and the
iteration goes on with the next record or file.

Decisions:

- Decoding: a byte-order mark wins; otherwise UTF-8, where a byte that is not
  valid UTF-8 is read as Windows-1252 (a superset of the printable Latin-1),
  so a Latin-1 ``0xA3`` becomes ``£`` and mixed files keep their UTF-8 text.
  When such bytes come in runs (whole words) or make up a fifth of the text,
  it is another legacy encoding: charset-normalizer then decides, and what it
  cannot read is quarantined as ``undecodable``.
- ``max_chars`` (default 1,000,000, spaCy's own limit) caps the text of one
  article; longer articles are quarantined as ``too_long`` (not truncated:
  a cut article would yield facts out of context). For HTML it applies to
  the extracted text. Files whose size alone proves the limit is exceeded
  (over 4 bytes a character; 40 for HTML, 48 for a JSON line) are
  quarantined without being read whole.
- Gzip: a stream that ends early is ``truncated_gzip`` (in JSON Lines, after
  the records read up to that point); a bad header or checksum is
  ``corrupt_gzip``.
- JSON Lines: blank lines are skipped; each bad line is its own quarantine
  row with its 1-based ``line``.
- ``published_at``: ISO date or datetime, or anything with a four-digit year
  that dateutil reads (RFC 2822 and the like); a Unix timestamp in seconds
  or milliseconds. Naive times are taken as UTC, a bare date as midnight UTC.
  A date that does not exist or cannot be represented (``2026-02-30``,
  ``9999-12-31T23:59:59-14:00``) quarantines its record as ``bad_date`` (the
  raw value in ``detail``). A date before 1900 or more than a day after the
  run, and text with no date in it (``yesterday``), leave the article undated
  with a ``date_note`` the run counts as a warning.
- ``doc_id``: the record's ``id``; a record without one gets
  ``<file stem>:<line>``.
- Folders are walked recursively in sorted order by :func:`walk_inputs`, the
  one walker (planning uses it too); hidden names (``.DS_Store``) are left
  out; only regular files are opened, without waiting. Everything else is a
  ``Skipped`` row, counted apart from quarantined records: ``not_a_file``
  (FIFO, socket, device), ``broken_link``, ``link_loop``, ``folder`` (a
  folder named like an input), ``unreadable``, ``unsupported_format``.
"""

from __future__ import annotations

import codecs
import errno
import gzip
import json
import logging
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import IO, Any

from newsfacts.clean import CONTROL
from newsfacts.errors import (
    BadDateError,
    BinaryInputError,
    CorruptInputError,
    DecodeError,
    EmptyInputError,
    InputError,
    MalformedRecordError,
    MissingPathError,
    MissingTextError,
    SkippedInputError,
    TooLongError,
    TruncatedInputError,
)
from newsfacts.htmltext import extract_page
from newsfacts.records import Quarantined, RawArticle, Skipped

log = logging.getLogger(__name__)

MAX_CHARS = 1_000_000
STAGE = "read"

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
TXT_SUFFIXES = (".txt", ".txt.gz")
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
SUPPORTED_SUFFIXES = JSONL_SUFFIXES + TXT_SUFFIXES + HTML_SUFFIXES

#: A UTF-8 character takes at most 4 bytes: a text file larger than this many
#: bytes per allowed character is certainly too long.
BYTES_PER_CHAR = 4
#: HTML pages carry markup; their main text is usually under 5% of the bytes.
HTML_BYTES_PER_CHAR = 40
#: A JSON Lines record may escape every character (\\uXXXX) and carry HTML.
LINE_BYTES_PER_CHAR = 48
#: How much of a file is sniffed for NUL bytes.
SNIFF_BYTES = 8192
#: Western text in Windows-1252 has its non-ASCII bytes (£, é, “) alone or in
#: pairs among ASCII letters. Runs this long, or a share of such bytes this
#: high, mean another legacy encoding (Cyrillic, Greek...): charset-normalizer decides.
MIN_FOREIGN_RUN = 3
MAX_FALLBACK_SHARE = 0.2
#: Share of control characters above which a decoded text is not text.
MAX_CONTROL_SHARE = 0.01

_READ_CHUNK = 1 << 20


# ---------------------------------------------------------------- decoding


def _cp1252_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: read bytes that are not UTF-8 as Windows-1252 (Latin-1 where undefined)."""
    return "".join(_CP1252[b] for b in err.object[err.start : err.end]), err.end


_CP1252 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]
codecs.register_error("newsfacts_cp1252", _cp1252_fallback)


def _control_share(text: str) -> float:
    return len(CONTROL.findall(text)) / max(len(text), 1)


def decode_bytes(data: bytes) -> str:
    """Decode the bytes of a text input (see the module docstring for the order).

    Args:
        data: the raw bytes of a file or of one JSON Lines record.

    Returns:
        The text (a leading byte-order mark removed).

    Raises:
        BinaryInputError: NUL bytes or too many control characters: not text.
        DecodeError: no encoding reads it sensibly.

    >>> decode_bytes(b"a \\xa315.8m signing")
    'a £15.8m signing'
    """
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="newsfacts_cp1252"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _checked(data.decode("utf-16"))
        except UnicodeDecodeError as exc:
            raise DecodeError(
                "invalid UTF-16", detail=f"starts with a UTF-16 byte-order mark but is not UTF-16 ({exc}); re-save it as UTF-8"
            ) from exc
    if b"\x00" in data:
        raise BinaryInputError(
            "NUL bytes: not a text file",
            detail="the input contains NUL bytes, so it is binary (or UTF-16 without a byte-order mark); "
            "convert it to UTF-8 text or remove it from the inputs",
        )
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="newsfacts_cp1252")
    n_invalid, longest_run = _invalid_utf8(data)
    if longest_run < MIN_FOREIGN_RUN and n_invalid <= MAX_FALLBACK_SHARE * len(text):
        return _checked(text)
    return _checked(_charset_normalizer(data))


def _invalid_utf8(data: bytes) -> tuple[int, int]:
    """Bytes outside valid UTF-8 sequences: how many, and the longest run of them."""
    view, pos, count, run, longest = memoryview(data), 0, 0, 0, 0
    while True:
        try:
            codecs.utf_8_decode(view[pos:], "strict", True)
        except UnicodeDecodeError as exc:
            run = run + (exc.end - exc.start) if exc.start == 0 else exc.end - exc.start
            longest = max(longest, run)
            count += exc.end - exc.start
            pos += exc.end
        else:
            return count, longest


def _charset_normalizer(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError(
            "unknown text encoding",
            detail="the bytes are neither UTF-8 nor Windows-1252 and charset-normalizer found no "
            "encoding that reads them; re-save the file as UTF-8",
        )
    log.info("decoded with %s (charset-normalizer)", best.encoding)
    return str(best)


def _checked(text: str) -> str:
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise BinaryInputError(
            "too many control characters: not a text file",
            detail=f"over {MAX_CONTROL_SHARE:.0%} of the characters are control characters, so this is "
            "not text; convert it to UTF-8 text or remove it from the inputs",
        )
    return text


# ---------------------------------------------------------------- dates


_YEAR = re.compile(r"(?<!\d)(1[89]|20)\d\d(?!\d)")
#: An ISO year-month-day (the date part of an ISO datetime).
_DATE_LIKE = re.compile(r"[+-]?\d{4,}-\d{1,2}-\d{1,2}")
#: The plausible window of publication dates: from this year to a day after the run.
FIRST_PLAUSIBLE_YEAR = 1900
PLAUSIBLE_AHEAD = timedelta(days=1)


def parse_published_at(value: Any) -> datetime | None:
    """``published_at`` as a timezone-aware UTC datetime, or ``None`` when there is no date.

    Raises:
        BadDateError: a date that does not exist or cannot be represented
            (``2026-02-30``, ``9999-12-31T23:59:59-14:00``); the raw value is in ``detail``.

    >>> parse_published_at("2017-02-15")
    datetime.datetime(2017, 2, 15, 0, 0, tzinfo=datetime.timezone.utc)
    >>> parse_published_at("2017-02-15T10:30:00+02:00").isoformat()
    '2017-02-15T08:30:00+00:00'
    >>> parse_published_at("next Tuesday") is None
    True
    >>> parse_published_at("2026-02-30")
    Traceback (most recent call last):
    ...
    newsfacts.errors.BadDateError: published_at is not a real date
    """
    if value is None or isinstance(value, bool):
        return None
    try:
        dt = _to_datetime(value)
        if dt is None:
            return None
        if dt.tzinfo is None:
            return dt.replace(tzinfo=timezone.utc)
        return dt.astimezone(timezone.utc)
    except (OverflowError, OSError, ValueError) as exc:
        raise BadDateError(
            "published_at is not a real date",
            detail=f"published_at {value!r} names no real moment ({exc}); fix the date or leave it out",
        ) from exc


def _to_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, (int, float)):
        seconds = value / 1000 if abs(value) > 1e11 else value
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    if isinstance(value, str):
        return _parse_date_string(value.strip())
    return None


def _parse_date_string(value: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        if _DATE_LIKE.fullmatch(value.split("T")[0]):
            raise  # an ISO date that does not exist: 2026-02-30
    if not _YEAR.search(value):
        return None  # dateutil would fill a missing year with this year's
    from dateutil import parser as dateparser

    try:
        return dateparser.parse(value, default=datetime(1900, 1, 1))
    except dateparser.ParserError as exc:
        if isinstance(exc.__cause__, ValueError):
            raise  # a date that does not exist: "30 Feb 2017"
        return None  # words, not a date


def read_published_at(value: Any, *, now: datetime | None = None) -> tuple[datetime | None, str | None]:
    """``published_at`` checked against the plausible window, with a note when not kept.

    Args:
        value: the raw value of the input.
        now: the time of the run (default: now).

    Returns:
        ``(date, None)`` for a plausible date; ``(None, note)`` for a date kept out
        (``implausible: ...`` before 1900 or more than a day after ``now``,
        ``unreadable: ...`` for text that holds no date); ``(None, None)`` for none.

    Raises:
        BadDateError: see :func:`parse_published_at`.

    >>> read_published_at("0001-01-01")
    (None, "implausible: '0001-01-01' (before 1900 or after tomorrow)")
    >>> read_published_at("yesterday")
    (None, "unreadable: 'yesterday'")
    """
    dt = parse_published_at(value)
    if dt is None:
        stated = isinstance(value, str) and value.strip() or isinstance(value, (int, float)) and not isinstance(value, bool)
        return None, (f"unreadable: {value!r}" if stated else None)
    now = now or datetime.now(timezone.utc)
    if dt.year < FIRST_PLAUSIBLE_YEAR or dt > now + PLAUSIBLE_AHEAD:
        return None, f"implausible: {value!r} (before {FIRST_PLAUSIBLE_YEAR} or after tomorrow)"
    return dt, None


def _lenient_date(value: Any) -> tuple[datetime | None, str | None]:
    """A date found by the page extractor: never a reason to quarantine the page."""
    try:
        return read_published_at(value)
    except BadDateError as exc:
        return None, f"unreadable: {exc.detail}"


# ---------------------------------------------------------------- walking paths


def _suffix(path: Path) -> str | None:
    name = path.name.lower()
    return next((s for s in sorted(SUPPORTED_SUFFIXES, key=len, reverse=True) if name.endswith(s)), None)


def input_kind(path: Path) -> str | None:
    """``jsonl``, ``txt`` or ``html`` by suffix (any case), or None for files newsfacts does not read."""
    suffix = _suffix(path)
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TXT_SUFFIXES:
        return "txt"
    return "html" if suffix in HTML_SUFFIXES else None


def _stem(path: Path) -> str:
    suffix = _suffix(path)
    return path.name[: -len(suffix)] if suffix else path.stem


#: Names never read nor counted when walking a folder: hidden files and folders (``.DS_Store``, ``.git``).
HIDDEN_PREFIX = "."


def walk_inputs(paths: Iterable[str | Path]) -> Iterator[Path | Skipped]:
    """The one input walker (planning and reading both use it): files under ``paths``
    in a stable order (folders recursed depth-first, names sorted), and a ``Skipped``
    record for every path that is not read.

    Only regular files of a kind newsfacts reads are yielded as paths; a path named
    explicitly that does not exist is yielded too, for the reader to quarantine.
    Skipped, with the reason: FIFOs, sockets and devices (never opened, so never
    waited on), broken links, link loops, folders named like an input
    (``x.jsonl/`` inside a folder), files of other kinds (``.pdf``). Hidden names
    (starting with ``.``) inside folders are left out silently.

    >>> [type(x).__name__ for x in walk_inputs(["/no/such.txt"])]
    ['PosixPath']
    """
    for given in [paths] if isinstance(paths, (str, Path)) else paths:
        path = Path(given)
        if path.is_dir() and input_kind(path) is None:
            yield from _walk_folder(path, set())
        elif not os.path.lexists(path):
            yield path
        else:
            yield _classify(path, named=True)


def _walk_folder(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path | Skipped]:
    st = folder.stat()
    if (st.st_dev, st.st_ino) in seen:
        yield _skipped(folder, "link_loop", f"{folder} leads back to a folder already walked (a link loop); remove the link")
        return
    seen = seen | {(st.st_dev, st.st_ino)}
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield _skipped(folder, "unreadable", f"{folder} cannot be listed ({exc.strerror}); check its permissions")
        return
    for entry in entries:
        if entry.name.startswith(HIDDEN_PREFIX):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows links
        except OSError:
            is_dir = False
        if is_dir and input_kind(path) is None:
            yield from _walk_folder(path, seen)
        else:
            yield _classify(path, named=False)


def _classify(path: Path, *, named: bool) -> Path | Skipped:
    """``path`` when it is a regular file of a kind newsfacts reads, else why it is skipped."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _skipped(path, "link_loop", f"{path} is a link that leads back to itself; remove the link")
        if path.is_symlink():
            return _skipped(path, "broken_link", f"{path} is a link to {os.readlink(path)}, which does not exist; fix or remove it")
        return _skipped(path, "unreadable", f"{path} cannot be read ({exc.strerror}); check its permissions")
    kind = _special_kind(mode)
    if kind is not None:
        return _skipped(path, "not_a_file", f"{path} is {kind}, not a regular file: never read; leave it out of the inputs")
    if stat.S_ISDIR(mode):
        return _skipped(path, "folder", f"{path} is a folder named like an input file; rename it or name it explicitly")
    if input_kind(path) is None:
        return _skipped(
            path, "unsupported_format",
            f"{path.name}: not one of {', '.join(SUPPORTED_SUFFIXES)}; convert it or leave it out of the inputs",
        )
    return path


def _special_kind(mode: int) -> str | None:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return None


def _skipped(path: Path, reason: str, detail: str) -> Skipped:
    return Skipped(source=str(path), doc_id=None if _suffix(path) in JSONL_SUFFIXES else _stem(path),
                   stage=STAGE, reason=reason, detail=detail)


def count_lines(path: str | Path) -> int | None:
    """Lines of a (gzip or plain) text file, a last line without ``\n`` included;
    None when it cannot be read to the end.

    >>> count_lines("/no/such.jsonl") is None
    True
    """
    n, last = 0, b"\n"
    try:
        with open_input(Path(path)) as fh:
            while block := fh.read(_READ_CHUNK):
                n += block.count(b"\n")
                last = block[-1:]
    except (OSError, EOFError, zlib.error, InputError):
        return None
    return n + (last != b"\n")


def count_inputs(paths: Iterable[str | Path]) -> int:
    """A cheap estimate of how many items ``iter_inputs`` yields (for a progress bar).

    One per file or skipped path, except JSON Lines files, which count their lines
    (gzip files are decompressed in a stream; a damaged one counts one).
    """
    total = 0
    for item in walk_inputs(paths):
        n = count_lines(item) if isinstance(item, Path) and _suffix(item) in JSONL_SUFFIXES else None
        total += n if n else 1
    return total


def open_input(path: Path) -> IO[bytes]:
    """The one opener of inputs: binary, gzip-decompressed for ``.gz``; never blocks.

    The file is opened without waiting (``O_NONBLOCK``: a FIFO put in place of a
    file after the walk does not hang the run) and must be a regular file.

    Raises:
        SkippedInputError: not a regular file.
        OSError: it cannot be opened.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        kind = _special_kind(os.fstat(fd).st_mode)
        if kind is not None or not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SkippedInputError(f"{path} is not a regular file",
                                    detail=f"{path} is {kind or 'not a regular file'}: never read; leave it out of the inputs")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        raw = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    if not path.name.lower().endswith(".gz"):
        return raw
    gz = gzip.GzipFile(fileobj=raw, mode="rb")
    gz.myfileobj = raw  # closed with the gzip stream, as gzip.open does with the files it opens
    return gz


# ---------------------------------------------------------------- reading


def iter_inputs(
    paths: Iterable[str | Path],
    *,
    max_chars: int = MAX_CHARS,
    txt_title_first_line: bool | None = None,
    line_range: tuple[int, int] | None = None,
) -> Iterator[RawArticle | Quarantined]:
    """Stream the articles in files and folders; bad inputs become ``Quarantined`` rows.

    Args:
        paths: files or folders (walked recursively, in sorted order).
        max_chars: longest article text accepted; longer ones are quarantined
            as ``too_long``.
        txt_title_first_line: in ``.txt`` files, the first line is the title
            (BBC News style: title, blank line, paragraphs). ``None`` (the
            default) decides per file with :func:`looks_like_title_line`.
        line_range: ``(first, last)``, 1-based and inclusive: in JSON Lines
            files, parse only these lines (to split one big file into chunks
            without parsing it once per chunk). Other files are read whole.

    Yields:
        One ``RawArticle`` per readable article (``text`` set; HTML already
        extracted), one ``Quarantined`` (stage ``read``) per problem.

    >>> [type(x).__name__ for x in iter_inputs(["/no/such/file.jsonl"])]
    ['Quarantined']
    """
    for path in walk_inputs(paths):
        if isinstance(path, Skipped):
            yield path
            continue
        yield from _read_path(path, max_chars=max_chars, txt_title_first_line=txt_title_first_line,
                              line_range=line_range)


def _read_path(
    path: Path, *, max_chars: int, txt_title_first_line: bool | None, line_range: tuple[int, int] | None
) -> Iterator[RawArticle | Quarantined]:
    """The items of one walked path; every problem a ``Quarantined`` (or ``Skipped``) row."""
    source, suffix = str(path), _suffix(path)
    if not os.path.lexists(path):
        yield _quarantine(source, None, MissingPathError(
            "no such file or folder", detail=f"{source} does not exist; check the path (and the current folder)"))
        return
    doc_id = None if suffix in JSONL_SUFFIXES else _stem(path)
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path, max_chars=max_chars, line_range=line_range)
        elif suffix in TXT_SUFFIXES:
            yield _read_txt(path, max_chars=max_chars, title_first_line=txt_title_first_line)
        else:
            yield _read_html(path, max_chars=max_chars)
    except SkippedInputError as exc:
        yield Skipped(source=source, doc_id=doc_id, stage=STAGE, reason="not_a_file", detail=exc.detail)
    except InputError as exc:
        yield _quarantine(source, doc_id, exc)
    except OSError as exc:  # unreadable file: permissions, vanished, I/O error
        yield _quarantine(source, _stem(path), MissingPathError(
            "cannot read the file", detail=f"{source} cannot be read ({exc.strerror or exc}); check permissions"))


def _quarantine(source: str, doc_id: str | None, exc: InputError, line: int | None = None) -> Quarantined:
    return Quarantined(source=source, doc_id=doc_id, stage=STAGE, reason=exc.reason, detail=exc.detail, line=line)


def _too_long(n: int | str, max_chars: int) -> TooLongError:
    return TooLongError(
        "article too long",
        detail=f"{n} characters, over the limit of {max_chars:,}; split the article or raise max_chars",
    )


def _read_whole(path: Path, *, max_bytes: int) -> bytes:
    """All bytes of a one-article file (decompressed), refusing more than ``max_bytes``."""
    if not path.name.lower().endswith(".gz") and path.stat().st_size > max_bytes:
        raise TooLongError("file too large", detail=f"{path.stat().st_size:,} bytes; split it or raise max_chars")
    try:
        with open_input(path) as fh:
            data = fh.read(max_bytes + 1)
    except EOFError as exc:
        raise TruncatedInputError(
            "truncated gzip file", detail="the gzip stream ends early (file cut off); download or copy it again"
        ) from exc
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise CorruptInputError("corrupt gzip file", detail=f"not a valid gzip file ({exc}); recompress or replace it") from exc
    if len(data) > max_bytes:
        raise TooLongError("file too large", detail=f"over {max_bytes:,} bytes; split it or raise max_chars")
    if not data.strip():
        raise EmptyInputError("empty file", detail="the file is empty (or only whitespace); remove it or fill it")
    return data


#: Longest first line still taken for a title, in characters.
MAX_TITLE_CHARS = 200


def looks_like_title_line(text: str) -> bool:
    r"""Whether a plain-text article opens with a title line: a short first line,
    followed by a blank line, that does not end like a sentence.

    >>> looks_like_title_line("Ad sales boost Time Warner profit\n\nQuarterly profits at...")
    True
    >>> looks_like_title_line("BEIRUT: Syrian opposition figures were en route.\nThe talks...")
    False
    """
    first, sep, rest = text.lstrip().partition("\n")
    first = first.strip()
    return (
        bool(sep) and 0 < len(first) <= MAX_TITLE_CHARS and rest.startswith(("\n", "\r\n"))
        and not first.endswith((".", ",", ";", ":", "\"", "”", "'", "’")) and bool(rest.strip())
    )


def _read_txt(path: Path, *, max_chars: int, title_first_line: bool | None) -> RawArticle:
    text = decode_bytes(_read_whole(path, max_bytes=BYTES_PER_CHAR * max_chars))
    title = None
    if title_first_line is None:
        title_first_line = looks_like_title_line(text)
    if title_first_line:
        first, _, rest = text.lstrip().partition("\n")
        title, text = first.strip() or None, rest
    if not text.strip():
        raise MissingTextError("no text", detail="the file has a title line but no text after it; remove it or fill it")
    if len(text) > max_chars:
        raise _too_long(f"{len(text):,}", max_chars)
    return RawArticle(doc_id=_stem(path), source_path=str(path), title=title, text=text)


def _read_html(path: Path, *, max_chars: int) -> RawArticle:
    data = _read_whole(path, max_bytes=HTML_BYTES_PER_CHAR * max_chars)
    if b"\x00" in data[:SNIFF_BYTES]:
        decode_bytes(data[:SNIFF_BYTES])  # raises BinaryInputError
    page = extract_page(data)
    if len(page.text) > max_chars:
        raise _too_long(f"{len(page.text):,}", max_chars)
    published_at, note = _lenient_date(page.date)
    return RawArticle(
        doc_id=_stem(path),
        source_path=str(path),
        title=page.title,
        text=page.text,
        published_at=published_at,
        url=page.url,
        date_note=note,
    )


def _read_jsonl(
    path: Path, *, max_chars: int, line_range: tuple[int, int] | None = None
) -> Iterator[RawArticle | Quarantined]:
    """The records of one JSON Lines file, streamed; every bad line is its own quarantine row.

    With ``line_range=(first, last)`` only those lines are parsed (the others
    are skipped unparsed) and reading stops after ``last``. Problems of the
    whole file (empty, binary) are reported by the range that starts at line
    1; a damaged gzip stream by the range it breaks in, or the range that
    ends just before it (the same quarantine row, line and all, if both
    exist: one ``quarantine_id``).
    """
    source, stem = str(path), _stem(path)
    first, last = line_range or (1, float("inf"))
    max_line = LINE_BYTES_PER_CHAR * max_chars
    line_no = 0
    seen_content = False
    try:
        with open_input(path) as fh:
            head = fh.peek(SNIFF_BYTES)[:SNIFF_BYTES] if hasattr(fh, "peek") else b""
            if b"\x00" in head:
                try:
                    decode_bytes(head)
                except InputError as exc:  # binary (UTF-16 with a BOM decodes, then fails as JSON)
                    if first == 1:
                        yield _quarantine(source, None, exc)
                    return
            while line_no < last:
                raw = fh.readline(max_line + 1)
                if not raw:
                    break
                line_no += 1
                wanted = line_no >= first
                if len(raw) > max_line and not raw.endswith(b"\n"):
                    while (more := fh.readline(_READ_CHUNK)) and not more.endswith(b"\n"):
                        pass  # skip the rest of the over-long line without holding it
                    if wanted:
                        yield _quarantine(source, None, _too_long(f"over {max_line:,} bytes of", max_chars), line_no)
                    seen_content = True
                    continue
                if not raw.strip():
                    continue
                seen_content = True
                if not wanted:
                    continue
                try:
                    yield _parse_record(raw, source=source, stem=stem, line=line_no, max_chars=max_chars)
                except InputError as exc:
                    yield _quarantine(source, getattr(exc, "doc_id", None), exc, line_no)
            else:  # stopped at the end of the range; a truncation right after it raises EOFError here
                if fh.read(1):
                    return  # the file goes on past the range
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        if first <= line_no + 1 <= last + 1:  # failed reading a line of the range, or just after it
            yield _quarantine(source, None, _gzip_fault(exc, line_no), line_no + 1)
        return
    if not seen_content and first == 1:
        yield _quarantine(source, None, EmptyInputError("empty file", detail="the file has no records; remove it or fill it"))


def _gzip_fault(exc: Exception, line_no: int) -> InputError:
    """A damaged gzip stream met after ``line_no`` lines: truncated (ends early) or corrupt."""
    if isinstance(exc, EOFError):
        return TruncatedInputError(
            "truncated gzip file",
            detail=f"the gzip stream ends early after line {line_no}: records up to there were read, "
            "the rest is lost; copy or download the file again",
        )
    return CorruptInputError(
        "corrupt gzip file",
        detail=f"gzip error after line {line_no} ({exc}): records up to there were read; recompress or replace the file",
    )


def _parse_record(raw: bytes, *, source: str, stem: str, line: int, max_chars: int) -> RawArticle:
    try:
        text_line = decode_bytes(raw)
    except BinaryInputError as exc:
        raise MalformedRecordError("not a JSON record", detail=f"line {line} is not text: {exc.detail}") from exc
    try:
        record = json.loads(text_line.rstrip("\r\n"))
    except json.JSONDecodeError as exc:
        raise MalformedRecordError(
            "malformed JSON",
            detail=f"line {line} is not valid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno}); "
            "fix or remove the line",
        ) from exc
    if not isinstance(record, dict):
        raise MalformedRecordError(
            "not a JSON object",
            detail=f"line {line} is a JSON {type(record).__name__}, not an object with id, title, text...; fix or remove it",
        )
    doc_id = record.get("id")
    doc_id = f"{stem}:{line}" if doc_id is None or doc_id == "" else str(doc_id)
    try:
        return _record_to_article(record, doc_id=doc_id, source=source, line=line, max_chars=max_chars)
    except InputError as exc:
        exc.doc_id = doc_id  # type: ignore[attr-defined]
        raise


def _record_to_article(record: dict, *, doc_id: str, source: str, line: int, max_chars: int) -> RawArticle:
    for name in ("title", "text", "html", "source", "url"):
        if record.get(name) is not None and not isinstance(record[name], str):
            raise MalformedRecordError(
                f"field {name} is not a string",
                detail=f"line {line}: field '{name}' is a JSON {type(record[name]).__name__}, expected a string",
            )
    text, html = record.get("text"), record.get("html")
    title = record.get("title") or None
    published_at, note = read_published_at(record.get("published_at"))
    html_used, page = False, None
    if not (text and text.strip()):
        if not (html and html.strip()):
            raise MissingTextError(
                "no text", detail=f"line {line}: the record has neither 'text' nor 'html' with content; add one or drop it"
            )
        if len(html) > HTML_BYTES_PER_CHAR * max_chars:
            raise _too_long(f"{len(html):,} characters of HTML,", max_chars)
        page = extract_page(html, url=record.get("url"))
        html_used, text = True, page.text
        title = title or page.title
        if published_at is None and note is None:
            published_at, note = _lenient_date(page.date)
    if len(text) > max_chars:
        raise _too_long(f"{len(text):,}", max_chars)
    return RawArticle(
        doc_id=doc_id,
        source_path=source,
        title=title,
        text=text,
        published_at=published_at,
        source=record.get("source") or None,
        url=record.get("url") or (page.url if html_used else None),
        line=line,
        date_note=note,
    )


__all__ = [
    "count_inputs", "count_lines", "decode_bytes", "input_kind", "iter_inputs", "open_input", "parse_published_at",
    "read_published_at", "walk_inputs",
]
