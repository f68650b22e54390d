"""Main text of a news web page, with trafilatura.

One pure function, used by the readers only (``.html`` files and JSON Lines
records with an ``html`` field): cleaning never sees HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura

from newsfacts.errors import NoArticleBodyError


#: Fewer words than this is a menu or an error message, not an article body.
MIN_BODY_WORDS = 10


@dataclass(frozen=True, slots=True)
class PageText:
    """What trafilatura found on a page: its main text and, if present, title and date."""

    text: str
    title: str | None = None
    date: str | None = None  # as trafilatura reports it, e.g. '2019-11-19'
    url: str | None = None  # the page's canonical address, if it states one


def extract_page(html: str | bytes, *, url: str | None = None) -> PageText:
    """Extract the main text of a page (navigation, comments and boilerplate dropped).

    Uses trafilatura's default extraction (tables kept, comments left out) so
    the body is what ``trafilatura.extract`` returns minus reader comments.

    Args:
        html: the page, as text or as undecoded bytes (trafilatura then
            detects the encoding from the page itself).
        url: the page's address, if known (helps trafilatura's metadata).

    Returns:
        The main text (paragraphs separated by ``\\n``), and the page's title,
        publication date and canonical address where trafilatura found them.

    Raises:
        NoArticleBodyError: the page has no main text (fewer than
            ``MIN_BODY_WORDS`` words: a menu or an error message).

    >>> extract_page("<html><body><article><p>" + "Rain fell on Monday. " * 5
    ...              + "</p></article></body></html>").text[:20]
    'Rain fell on Monday.'
    """
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False
    )
    text = (doc.text or "").strip() if doc is not None else ""
    if len(text.split()) < MIN_BODY_WORDS:
        raise NoArticleBodyError(
            "no article body found in the page",
            detail=f"trafilatura found no main text (of {MIN_BODY_WORDS} words or more) in this HTML page; check that it is an "
            "article page (not an index, login or error page) and that it is complete",
        )
    return PageText(text=text, title=doc.title or None, date=doc.date or None, url=doc.url or None)
