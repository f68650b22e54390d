"""Clean a raw article into the text every offset points into.

``clean_article`` is pure: no I/O, no model. Steps, in order:

1. Characters: well-formed HTML entities unescaped (``&amp;``, ``&#3;``),
   mojibake repaired with ftfy (UTF-8 read as Windows-1252: ``â€™`` → ``’``,
   ``Ã©`` → ``é``; curly quotes kept: ``uncurl_quotes=False``), NFC,
   control and zero-width characters removed, every kind of space made a
   plain space. Curly quotes and dashes are kept as they are.
2. Lines: line breaks normalised to ``\\n``. Hard-wrapped text (short lines,
   paragraphs marked by blank lines or indentation, as in Reuters-21578) is
   unwrapped into paragraphs. Each paragraph is one line; paragraphs are
   joined by a single ``\\n``; runs of spaces collapse to one.
3. Boilerplate: whole paragraphs of known classes are removed and returned in
   ``removed`` — copyright and rights-reserved notices, credit lines
   (``(Reporting by ...; Editing by ...)``), bylines, picture credits and
   captions, time stamps, share/follow/subscribe prompts,
   a final agency sign-off (``Reuter``, ``— AFP``), a first paragraph that
   repeats the title.
4. Metadata: ``dateline`` (the place opening the first paragraph: a place
   in capitals, or in mixed case when a date or a known credit follows) and
   ``agency`` (dateline credit > sign-off or byline > the agency most often
   named as the writer's own: ``told AFP``, ``an AFP correspondent``, ``an
   AFP tally``; citing an outlet — ``AFP reported``, ``according to
   Reuters``, ``told the Reuters news agency`` — is not a credit). The
   dateline stays in the text.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import ftfy

from newsfacts.errors import MissingTextError
from newsfacts.records import CleanArticle, RawArticle

# ---------------------------------------------------------------- characters

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

#: ftfy repairs mojibake only (UTF-8 read as Windows-1252 or Latin-1, by its own
#: heuristics): curly quotes, ligatures, widths, entities and controls are left to us.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=False, fix_encoding=True, restore_byte_a0=True,
    replace_lossy_sequences=True, decode_inconsistent_utf8=True, fix_c1_controls=True,
    fix_latin_ligatures=False, fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
    fix_surrogates=True, remove_control_chars=False, normalization=None, explain=False,
)

# Zero-width and invisible format characters; soft hyphen.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
#: Control characters (category Cc) except tab and the line breaks \n \v \f \r: the one
#: definition, used here after line breaks are normalised, and by the readers to tell text from binary.
CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"[^\S\n]")  # any whitespace character except the line break


def normalise_chars(text: str) -> str:
    """Entities, mojibake, NFC, controls and spaces (step 1); line structure untouched.

    >>> normalise_chars("It\u00e2\u20ac\u2122s \u00a0a\u00a0\u201ctest\u201d &amp; more\\r\\n")
    'It’s  a “test” & more\\n'
    """
    text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    text = ftfy.fix_text(text, _FTFY)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\f", "\n").replace("\v", "\n")
    text = _INVISIBLE.sub("", text)
    text = CONTROL.sub("", text)
    return _SPACE.sub(" ", text.replace("\t", "    "))


def clean_title(title: str | None) -> str:
    """A title on one line, normalised like the body ('' when there is none).

    >>> clean_title("  Chelsea\\n sack \\tMutu ")
    'Chelsea sack Mutu'
    """
    if not title:
        return ""
    return " ".join(normalise_chars(title).split())


# ---------------------------------------------------------------- paragraphs

#: Lines up to this long count as hard-wrapped lines.
WRAP_WIDTH = 90
_SENTENCE_END = tuple('.!?:;"”’\')]')


def paragraphs(text: str) -> list[str]:
    """Split normalised text into paragraphs, unwrapping hard-wrapped lines.

    A text is hard-wrapped when it has several lines, nearly all of them
    short, and many end mid-sentence. Then a paragraph ends at a blank line
    or before an indented line; otherwise every non-empty line is a paragraph.

    >>> paragraphs("  First line of a wrapped\\nparagraph goes on and\\nends here.\\n    Next one\\nends too.")
    ['First line of a wrapped paragraph goes on and ends here.', 'Next one ends too.']
    """
    lines = text.split("\n")
    content = [ln for ln in lines if ln.strip()]
    if _hard_wrapped(content):
        paras: list[list[str]] = [[]]
        for ln in lines:
            if not ln.strip() or (ln[:2] == "  " and paras[-1]):
                paras.append([])
            if ln.strip():
                paras[-1].append(ln.strip())
        joined = [" ".join(p) for p in paras if p]
    else:
        joined = [ln for ln in content]
    return [" ".join(p.split()) for p in joined]


def _hard_wrapped(lines: list[str]) -> bool:
    """Short lines, most ending mid-sentence, some visibly broken (ending in a comma or
    going on in lower case on the next line)."""
    if len(lines) < 3:
        return False
    body = [ln.rstrip() for ln in lines[:-1]]  # the last line of a text is short anyway
    short = sum(len(ln.strip()) <= WRAP_WIDTH for ln in body)
    open_end = [not ln.endswith(_SENTENCE_END) for ln in body]
    broken = sum(
        is_open and (ln.endswith(",") or nxt.lstrip()[:1].islower())
        for ln, nxt, is_open in zip(body, lines[1:], open_end)
    )
    return short >= 0.9 * len(body) and sum(open_end) >= 0.5 * len(body) and broken >= 2


# ---------------------------------------------------------------- boilerplate

#: Boilerplate paragraphs are short; anything longer is article text.
MAX_BOILERPLATE_CHARS = 300

_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}|by\b))|all rights reserved|"
    r"terms of (?:use|service)\b.*\bagreement",
    re.IGNORECASE,
)
_CREDIT_WORDS = (
    r"(?:additional\s+)?(?:reporting|writing|editing|edited|written|compiled|compiling|"
    r"research(?:ed)?|produced|translated|translation|graphics?|photos?|photography|video)"
)
_CREDIT = re.compile(rf"^\(?\s*{_CREDIT_WORDS}\s+by\b", re.IGNORECASE)
_SECOND_CREDIT = re.compile(rf";\s*{_CREDIT_WORDS}\s+by\b", re.IGNORECASE)
_PROMPT = re.compile(
    r"^(?:"
    r"share\s+(?:this|the|on|via|article|story|page)\b|"
    r"(?:follow|like|join|find)\s+(?:us|\w+)\s+on\s+(?:twitter|facebook|instagram|x|linkedin|youtube|telegram|whatsapp|tiktok|threads)\b|"
    r"follow\s+(?:us|\w+)\s+(?:@|on\b)|"
    r"(?:sign\s+up|subscribe|register)\s+(?:for|to|now|here|today)\b|"
    r"click\s+here\b|"
    r"(?:read|see)\s+(?:more|also)\s*(?:[:»>|\-–—]|$)|"
    r"related\s*(?:articles?|stories|coverage|content|news)?\s*:|"
    r"(?:story\s+continues\s+below\s+)?advertisement$|"
    r"continue\s+reading(?:\s+the\s+main\s+story)?$|"
    r"download\s+(?:our|the)\s+\w*\s*app\b|"
    r"(?:print|email|e-mail|tweet)(?:\s+this)?(?:\s+(?:article|story|page))?$"
    r")",
    re.IGNORECASE,
)


#: Picture credits and captions: "Image copyright Getty Images", "Image caption Rescuers ...".
_CAPTION = re.compile(r"^(?:image|photo|picture|media|video)\s+(?:copyright|caption|credit|source)\b", re.IGNORECASE)
#: Short credit lines without a full stop: "Photo: AFP", "Getty Images", "Contributing: ...".
_PICTURE_CREDIT = re.compile(
    r"^(?:(?:file\s+)?(?:photo|image|picture)\s*(?:credit)?\s*:\s*\S.{0,80}|getty\s+images|contributing\s*:.*)$",
    re.IGNORECASE,
)
_INPUTS = re.compile(r"^(?:with\s+)?(?:inputs?|additional\s+input)\s+from\s+(?:agencies|wires?|\S+)\.?$", re.IGNORECASE)
#: A byline: "By Ellen Francis and Tom Perry", "By Suleiman Al-Khalidi, Reuters".
_BYLINE = re.compile(
    r"^By\s+[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|and|&|de|al|el|van|von|bin|da|di|la|le))*"
    r"(?:\s*[,|/]\s*[A-Z][\w .'’&-]*)?$"
)
_TIME_STAMP = re.compile(
    r"^(?:last\s+)?(?:updated|published|posted|modified)\b[\s:]*(?:on\b|at\b)?"
    r"(?=.*(?:\d{1,2}:\d{2}|\b\d{4}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d))",
    re.IGNORECASE,
)


def _is_meta(p: str) -> bool:
    """Captions, picture credits, bylines, time stamps: never a sentence of the story."""
    if _CAPTION.match(p) or _INPUTS.match(p):
        return True
    if p.endswith((".", "!", "?")):
        return False
    return (
        (len(p) <= 80 and bool(_TIME_STAMP.match(p)))
        or (len(p) <= 60 and bool(_BYLINE.match(p)))
        or bool(_PICTURE_CREDIT.match(p))
    )


def _is_credit(p: str) -> bool:
    if not _CREDIT.match(p):
        return False
    enclosed = p.startswith("(") and p.endswith(")")
    return enclosed or bool(_SECOND_CREDIT.search(p)) or not p.endswith((".", "!", "?", "”", '"'))


def is_boilerplate(paragraph: str) -> bool:
    """Is this paragraph a copyright notice, a credit line or byline, a picture credit or
    caption, a time stamp, or a share/follow/subscribe prompt?

    >>> is_boilerplate("© 2025 SAUDI RESEARCH & PUBLISHING COMPANY, All Rights Reserved")
    True
    >>> is_boilerplate("(Reporting by Suleiman Al-Khalidi; Editing by Tom Brown)")
    True
    >>> is_boilerplate("Reporting by the BBC showed that 40 people died.")
    False
    """
    p = paragraph.strip()
    if len(p) > MAX_BOILERPLATE_CHARS:
        return False
    return bool(_COPYRIGHT.search(p)) or _is_credit(p) or bool(_PROMPT.match(p)) or _is_meta(p)


# ---------------------------------------------------------------- agencies

#: Canonical agency name → the ways articles write it.
AGENCIES: dict[str, tuple[str, ...]] = {
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "Reuters": ("Reuters", "Reuter", "REUTERS", "REUTER"),
    "AP": ("AP", "Associated Press", "The Associated Press"),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "Xinhua": ("Xinhua", "XINHUA"),
    "UPI": ("UPI", "United Press International"),
    "Bloomberg": ("Bloomberg",),
    "TASS": ("TASS", "Tass", "ITAR-TASS"),
    "Interfax": ("Interfax",),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "ANSA": ("ANSA",),
    "EFE": ("EFE",),
    "Kyodo": ("Kyodo", "Kyodo News"),
    "Yonhap": ("Yonhap",),
    "Anadolu": ("Anadolu", "Anadolu Agency", "AA"),
    "PTI": ("PTI", "Press Trust of India"),
    "IANS": ("IANS",),
    "AAP": ("AAP", "Australian Associated Press"),
    "Canadian Press": ("The Canadian Press", "Canadian Press", "CP"),
    "SANA": ("SANA",),
    "IRNA": ("IRNA",),
    "WAM": ("WAM",),
    "SPA": ("SPA", "Saudi Press Agency"),
    "KUNA": ("KUNA",),
    "MENA": ("MENA",),
    "Bernama": ("Bernama",),
    "Antara": ("Antara",),
}
#: Broadcasters and papers that credit themselves in datelines: "Beirut, Lebanon (CNN) —".
BROADCASTERS = frozenset({
    "CNN", "CNNMoney", "BBC", "NBC", "CBS", "ABC", "NPR", "CNBC", "MSNBC", "PBS", "VOA", "RFE/RL",
    "Al Jazeera", "Al Arabiya", "Sky News", "France 24", "DW", "Fox News", "Euronews", "TRT",
})
_ALIAS = {alias.lower(): name for name, aliases in AGENCIES.items() for alias in aliases}
_AGENCY_NAMES = "|".join(sorted((re.escape(a) for aliases in AGENCIES.values() for a in aliases), key=len, reverse=True))


def canonical_agency(name: str) -> str | None:
    """The canonical name of a known agency ('Agence France-Presse' → 'AFP')."""
    return _ALIAS.get(" ".join(name.split()).lower())


#: Writer's own agency: "told AFP", "an AFP correspondent", "an AFP tally". Citing
#: ("AFP reported", "according to Reuters") names a source, not the writer.
_OWN_AGENCY = re.compile(
    rf"\b(?:told|telling|tells|speaking\s+to|spoke\s+to|interview\s+with)\s+(?:the\s+)?(?P<a>{_AGENCY_NAMES})\b"
    r"(?!\s+(?:news\s+)?agency)"  # "told the Reuters news agency": a third party, not the writer
    rf"|\b(?:an?|the)\s+(?P<b>{_AGENCY_NAMES})\s+(?:correspondent|reporter|journalist|photographer|"
    r"videographer|team|stringer|tally|count|toll|investigation|analysis|survey|poll|review)s?\b"
)
#: A final paragraph that is only an agency credit: "Reuter", "— AFP", "(AP)", "With AFP".
_SIGN_OFF = re.compile(rf"^[\-–—(\s]*(?:(?:with|via|source|sources)\s*:?\s+)?(?P<a>{_AGENCY_NAMES})[\s)]*\.?$", re.IGNORECASE)
#: A byline naming the agency: "By Suleiman Al-Khalidi, Reuters".
_BYLINE_AGENCY = re.compile(rf"^By\s.*[,|/]\s*(?P<a>{_AGENCY_NAMES})\s*$")
#: A sign-off written on the last line after the text: "... (33.7).        REUTER".
_TRAILING_SIGN_OFF = re.compile(r"(?:(?<=[.!?)\"”’])|(?<=\s\s))\s*(?P<a>Reuters?|REUTERS?)\s*$")


# ---------------------------------------------------------------- dateline

_MONTH = (
    r"(?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_CAPS_PLACE = r"[A-Z][A-Z'’.\-]*[A-Z.](?:[ /][A-Z][A-Z'’.\-]*[A-Z.])*"
_MIXED_PLACE = r"[A-Z][a-z'.\-]+(?:[ /][A-Z][a-z'.\-]+){0,3}"
_DATELINE = re.compile(
    rf"^(?:(?P<caps>{_CAPS_PLACE})|(?P<mixed>{_MIXED_PLACE}))"
    rf"(?P<region>,\s*(?:[A-Z][A-Za-z.\-]*\.?(?:\s+[A-Z][A-Za-z.\-]*\.?){{0,2}}))?"  # region: ", Syria" / ", Calif."
    rf"(?P<date>,\s*{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)?"  # date: ", March 3"
    r"(?:\s*\((?P<credit>[A-Za-z][A-Za-z0-9.&\- ]{0,40})\)\s*(?:(?P<sep>[:\-–—]{1,2})\s*)?"  # credit: "(AFP) -"
    r"|(?P<colon>\s*:\s+)|\s+(?:-{1,2}|–|—)\s*|(?:-{1,2}|–|—)\s+)"  # or a separator: "BEIRUT:", "SALVADOR, Feb 26 -"
    r"(?=\S)"
)
#: Opening words in capitals that are labels, not places.
_NOT_PLACES = frozenset(
    "UPDATE UPDATED BREAKING EXCLUSIVE ANALYSIS FACTBOX WRAPUP RPT REFILE CORRECTED CORRECTION INSIGHT "
    "COLUMN EDITORIAL OPINION INTERVIEW FEATURE NEWS WATCH VIDEO PHOTOS PHOTO LIVE NOTE WARNING ALERT "
    "URGENT FLASH BULLETIN ADVISORY PREVIEW REVIEW REPORT TIMELINE FACTS FACT CHECK EXPLAINER RECAP "
    "READ MORE SEE ALSO RELATED SPONSORED ADVERTISEMENT PROMOTED TOPICS TAGS SHARE LISTEN AUDIO GALLERY "
    "POLL QUIZ OBITUARY COMMENT LETTER LETTERS ADVERTORIAL EDITOR'S EDITORS".split()
)


#: What follows a dateline: the first words of the story (in capitals only in a headline).
_NEXT_WORDS = re.compile(r"\S+(?:[ ]+\S+){0,2}")


@dataclass(frozen=True, slots=True)
class Dateline:
    """The dateline opening a text: its place (``start``/``end`` are the place's offsets in
    the text), the agency it credits, and whether something besides a bare dash marks it
    (a colon, a region or date, a credit): after a bare dash it may be a slug
    (``PRESS DIGEST - ...``), which the entity rule checks against the model."""

    place: str
    credit: str | None  # the agency credited in the dateline, canonical where known
    start: int = 0
    end: int = 0
    marked: bool = True


def find_dateline(text: str) -> Dateline | None:
    """The dateline opening the text, if any: the one finder, used by cleaning
    (``articles.dateline``) and by the entity rules (the dateline's GPE).

    Labels (``UPDATE 2:``, ``FACTBOX:``, ``ANALYSIS -``) and agency names
    (``REUTERS:``) are not places; a place followed by words in capitals is a
    headline (``SOCCER - JAPAN GET LUCKY WIN``).

    >>> find_dateline("NEW YORK, March 3 (Reuters) - Stocks fell.")
    Dateline(place='NEW YORK', credit='Reuters', start=0, end=8, marked=True)
    >>> find_dateline("BEIRUT: Syrian opposition figures were en route.").place
    'BEIRUT'
    >>> find_dateline("UPDATE 2: Stocks fell.") is None, find_dateline("REUTERS: Stocks fell.") is None
    (True, True)
    """
    m = _DATELINE.match(text)
    if m is None:
        return None
    place, credit = m.group("caps") or m.group("mixed"), m.group("credit")
    known_credit = credit is not None and (canonical_agency(credit) or credit.strip() in BROADCASTERS)
    if m.group("mixed") and not (known_credit or m.group("date")):
        return None  # "The World Trade Organisation (WTO) said": a name, not a place
    if credit is not None and not known_credit and not m.group("sep"):
        return None
    words = re.split(r"[ /]", place)
    if any(w.rstrip("0123456789") in _NOT_PLACES for w in words) or canonical_agency(place):
        return None
    following = _NEXT_WORDS.match(text, m.end())
    if following and _all_caps(following.group(0)):
        return None  # a headline in capitals, not a place and a story
    if credit is not None:
        credit = canonical_agency(credit) or " ".join(credit.split())
    start, name = m.start("caps") if m.group("caps") else m.start("mixed"), place.rstrip(".")
    marked = bool(m.group("region") or m.group("date") or m.group("credit") or m.group("colon"))
    return Dateline(place=name, credit=credit, start=start, end=start + len(name), marked=marked)


def _all_caps(words: str) -> bool:
    letters = [c for c in words if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def find_agency(text: str, *, dateline: Dateline | None = None, sign_offs: list[str] | tuple[str, ...] = ()) -> str | None:
    """The agency credited for the article: dateline credit > sign-off or byline >
    the agency most often named as the writer's own (ties: the first named).

    >>> find_agency("He said so, a spokesman told AFP. Another told AFP too; he told Reuters.")
    'AFP'
    """
    if dateline is not None and dateline.credit:
        return dateline.credit
    for line in sign_offs:
        m = _SIGN_OFF.match(line) or _TRAILING_SIGN_OFF.search(line) or _BYLINE_AGENCY.search(line)
        if m and canonical_agency(m.group("a")):
            return canonical_agency(m.group("a"))
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in _OWN_AGENCY.finditer(text):
        name = canonical_agency(m.group("a") or m.group("b"))
        if name:
            counts[name] += 1
            first.setdefault(name, m.start())
    if not counts:
        return None
    return min(counts, key=lambda n: (-counts[n], first[n]))


# ---------------------------------------------------------------- the article


def clean_body(text: str, *, title: str = "") -> tuple[str, tuple[str, ...]]:
    """The cleaned body and the boilerplate removed from it (steps 1-3).

    >>> clean_body("BEIRUT: Talks began.\\n\\n© 2025 Some Paper, All Rights Reserved.")
    ('BEIRUT: Talks began.', ('© 2025 Some Paper, All Rights Reserved.',))
    """
    lines = normalise_chars(text).rstrip().split("\n")
    tail: list[str] = []  # removed from the end, last first
    # Agency sign-offs close the article: on their own last line ("Reuter", "— AFP") ...
    while lines and (not lines[-1].strip() or (len(lines[-1]) <= 60 and _SIGN_OFF.match(lines[-1].strip()))):
        if lines[-1].strip():
            tail.append(" ".join(lines[-1].split()))
        lines.pop()
    # ... or after the text on the last line: "total 55.8 (33.7).        REUTER".
    if lines and (m := _TRAILING_SIGN_OFF.search(lines[-1])) and lines[-1][: m.start()].strip():
        tail.append(m.group("a"))
        lines[-1] = lines[-1][: m.start()]
    paras = paragraphs("\n".join(lines))
    removed: list[str] = []
    if paras and title and _same_words(paras[0], title):
        removed.append(paras.pop(0))
    kept: list[str] = []
    for p in paras:
        (removed if is_boilerplate(p) else kept).append(p)
    while kept and len(kept[-1]) <= 60 and _SIGN_OFF.match(kept[-1]):  # a sign-off above a footer
        tail.append(kept.pop())
    return "\n".join(kept), tuple(removed + tail[::-1])


def _same_words(a: str, b: str) -> bool:
    words = lambda s: re.findall(r"\w+", s.lower())  # noqa: E731
    return words(a) == words(b)


def article_id(title: str, text: str) -> str:
    """Stable id of a cleaned article: 16 hex digits of sha256(title + U+001F + text).

    >>> article_id("", "Hello.")
    '1bcf732c0343c7da'
    """
    return hashlib.sha256(f"{title}\x1f{text}".encode("utf-8")).hexdigest()[:16]


def clean_article(raw: RawArticle) -> CleanArticle:
    """Clean one raw article (see the module docstring for the steps).

    Args:
        raw: the article as read (HTML pages are extracted by the readers, never here).

    Returns:
        The cleaned article with its id, dateline, agency and removed boilerplate.

    Raises:
        MissingTextError: nothing is left of the text after cleaning.
    """
    text = raw.text
    clean_t = clean_title(raw.title)
    body, removed = clean_body(text or "", title=clean_t)
    if not body:
        raise MissingTextError(
            "no text after cleaning",
            detail="the article has no text left once whitespace and boilerplate are removed; "
            "check the input record",
        )
    dateline = find_dateline(body)
    return CleanArticle(
        article_id=article_id(clean_t, body),
        doc_id=raw.doc_id,
        source_path=raw.source_path,
        title=clean_t,
        text=body,
        published_at=raw.published_at,
        source=raw.source,
        url=raw.url,
        dateline=dateline.place if dateline else None,
        agency=find_agency(body, dateline=dateline, sign_offs=removed),
        removed=removed,
        line=raw.line,
        date_note=raw.date_note,
    )
