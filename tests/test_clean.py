"""Cleaning articles: characters, paragraphs, boilerplate, dateline and agency."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone

import pytest

from newsfacts.clean import article_id, clean_article, clean_body, clean_title, find_agency, find_dateline
from newsfacts.errors import MissingTextError
from newsfacts.readers import iter_inputs
from newsfacts.records import CleanArticle, RawArticle
from tests.conftest import SEED


def raw(text: str, title: str | None = None, **fields) -> RawArticle:
    return RawArticle(doc_id="d1", source_path="in.jsonl", title=title, text=text, **fields)


# ---------------------------------------------------------------- the sample article


def test_sample_article_matches_its_gold():
    text = SEED.read_text(encoding="utf-8")
    article = clean_article(raw(text))
    footer = "© 2025 SAUDI RESEARCH & PUBLISHING COMPANY, All Rights Reserved And subject to Terms of Use Agreement."
    assert article.removed == (footer,)
    assert article.text == text.removesuffix(footer).rstrip("\n")
    assert (article.dateline, article.agency) == ("BEIRUT", "AFP")
    assert article.text.startswith("BEIRUT: Syrian opposition figures")  # the dateline stays in the text
    assert "“We are going now to Astana as the official opposition delegation,”" in article.text


def test_clean_article_fills_every_field():
    published = datetime(2017, 2, 15, tzinfo=timezone.utc)
    article = clean_article(
        raw(
            "BEIRUT (AFP) - Talks\tbegan   on Thursday.\r\n\r\nShare this article\r\n",
            title=" Talks\nbegin ",
            published_at=published,
            source="Arab News",
            url="https://example.com/1",
        )
    )
    assert article == CleanArticle(
        article_id=article_id("Talks begin", "BEIRUT (AFP) - Talks began on Thursday."),
        doc_id="d1",
        source_path="in.jsonl",
        title="Talks begin",
        text="BEIRUT (AFP) - Talks began on Thursday.",
        published_at=published,
        source="Arab News",
        url="https://example.com/1",
        dateline="BEIRUT",
        agency="AFP",
        removed=("Share this article",),
    )


def test_nothing_left_after_cleaning_is_missing_text():
    with pytest.raises(MissingTextError) as err:
        clean_article(raw(" \n© 2024 Example Media. All rights reserved.\n\u200b"))
    assert err.value.reason == "no_text"


def test_html_is_extracted_by_the_reader_and_only_there(tmp_path):
    page = (
        "<html><head><title>Rain in Beirut</title></head><body><article>"
        "<p>Heavy rain fell on Beirut on Monday, flooding streets in several districts of the city.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "h1", "html": page}) + "\n")
    [item] = list(iter_inputs([path]))
    article = clean_article(item)
    assert (article.title, article.text) == (
        "Rain in Beirut",
        "Heavy rain fell on Beirut on Monday, flooding streets in several districts of the city.",
    )
    assert "html" not in RawArticle.__dataclass_fields__  # cleaning has no second HTML path


def test_mojibake_is_repaired_by_ftfy_and_curly_quotes_are_kept():
    assert clean_body("The ministerâ€™s â€œplanâ€ cost Â£5m")[0] == (
        "The minister’s “plan” cost £5m"
    )
    assert clean_body("He said: “Yes” and ‘no’ — Café")[0] == "He said: “Yes” and ‘no’ — Café"


@pytest.mark.parametrize("text", ["REUTERS: Stocks fell on Monday.", "FACTBOX: Key facts about the vote.",
                                  "ANALYSIS: Why stocks fell.", "SOCCER - JAPAN GET LUCKY WIN."])
def test_labels_agencies_and_headlines_are_no_dateline(text):
    assert find_dateline(text) is None
    assert clean_article(raw(text)).dateline is None


def test_dateline_offsets_point_at_the_place():
    text = "ISTANBUL/BEIRUT (Reuters) - Turkish forces advanced."
    found = find_dateline(text)
    assert (text[found.start:found.end], found.marked) == ("ISTANBUL/BEIRUT", True)
    assert find_dateline("PRESS DIGEST - Iraq papers on Friday.").marked is False


# ---------------------------------------------------------------- characters and whitespace


def test_whitespace_is_normalised_and_paragraphs_kept_as_single_line_breaks():
    text = "  First  paragraph,\u00a0with\ttabs.  \r\n\r\n\r\nSecond\u2009one.\u200b\n\n\nThird.\n"
    assert clean_body(text) == ("First paragraph, with tabs.\nSecond one.\nThird.", ())


def test_curly_quotes_and_dashes_are_kept():
    text = "“We are going,” he said — ‘smaller’ than before…"
    assert clean_body(text)[0] == text


def test_mojibake_is_repaired_only_where_it_decodes_exactly():
    assert clean_body("Itâ€™s a â€œtestâ€\x9d of cafÃ© and Â£5")[0] == "It’s a “test” of café and £5"
    assert clean_body("“CAFÉ” and SÃO PAULO, naïve façade")[0] == "“CAFÉ” and SÃO PAULO, naïve façade"


def test_entities_and_control_characters():
    assert clean_body("AT&amp;T &lt;T&gt; rose 5&#37;.\x03\x1f")[0] == "AT&T <T> rose 5%."
    assert clean_body("R&D and AT&T")[0] == "R&D and AT&T"


def test_nfc_normalisation():
    assert clean_body("Cafe\u0301 Zu\u0308rich")[0] == "Café Zürich"


def test_title_is_one_normalised_line():
    assert clean_title(" Chelsea\n sack \u00a0Mutu ") == "Chelsea sack Mutu"
    assert clean_title(None) == ""


def test_first_paragraph_repeating_the_title_is_dropped():
    article = clean_article(raw("Truce talks resume\nTalks resumed on Thursday.", title="Truce Talks Resume"))
    assert (article.text, article.removed) == ("Talks resumed on Thursday.", ("Truce talks resume",))


# ---------------------------------------------------------------- Reuters-21578


REUTERS_BODY = """    SALVADOR, Feb 26 - Showers continued throughout the week in
the Bahia cocoa zone, alleviating the drought since early
January and improving prospects for the coming temporao,
Comissaria Smith said in its weekly review.
    The dry period means the temporao will be late this year.
    Arrivals for the week ended February 22 were 155,221 bags
of 60 kilos.
 Reuter
\x03"""


def test_reuters_21578_body_is_unwrapped_and_signed_off():
    article = clean_article(raw(REUTERS_BODY, title="BAHIA COCOA REVIEW"))
    assert article.text == (
        "SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone, alleviating the "
        "drought since early January and improving prospects for the coming temporao, Comissaria Smith said "
        "in its weekly review.\n"
        "The dry period means the temporao will be late this year.\n"
        "Arrivals for the week ended February 22 were 155,221 bags of 60 kilos."
    )
    assert (article.dateline, article.agency, article.removed) == ("SALVADOR", "Reuters", ("Reuter",))


def test_reuters_sign_off_on_the_last_line_of_text():
    text = "TOKYO, March 3 - Soybean oil prev 3.7, Feb 21.1,\nMar nil, Apr 2.0, May 9.0,\nJun 13.0, total 55.8 (33.7).        REUTER\n"
    assert clean_body(text) == (
        "TOKYO, March 3 - Soybean oil prev 3.7, Feb 21.1, Mar nil, Apr 2.0, May 9.0, Jun 13.0, total 55.8 (33.7).",
        ("REUTER",),
    )


def test_lines_ending_in_sentences_are_not_unwrapped():
    text = "Short line one.\nShort line two.\nShort line three.\nAnd four."
    assert clean_body(text)[0] == text


# ---------------------------------------------------------------- boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "© 2025 SAUDI RESEARCH & PUBLISHING COMPANY, All Rights Reserved And subject to Terms of Use Agreement.",
        "Copyright 2019 The Associated Press. All rights reserved. This material may not be published.",
        "Copyright © 2024 Example Media Ltd",
        "(c) 2023 Thomson Reuters",
        "(Reporting by Suleiman Al-Khalidi in Amman; Editing by Tom Brown)",
        "(Editing by Peter Graff)",
        "(Additional reporting by Tom Perry in Beirut)",
        "Reporting by Ellen Francis; Writing by Tom Perry; Editing by Alison Williams",
        "Share this article",
        "SHARE ON FACEBOOK",
        "Follow us on Twitter",
        "Follow Reuters on X for the latest news",
        "Sign up for our daily newsletter",
        "Subscribe to our YouTube channel for more videos",
        "Click here to get the app",
        "Read more: Syria talks stall",
        "Related:",
        "Advertisement",
        "Story continues below advertisement",
        "Image copyright Getty Images",
        "Image caption Rescuers searched the rubble in Aleppo.",
        "Photo: AFP",
        "By Ellen Francis and Tom Perry",
        "By Suleiman Al-Khalidi, Reuters",
        "Last updated: 15 February 2017, 10:30 GMT",
        "Published Feb 15, 2017",
        "Contributing: Jane Doe, USA TODAY",
        "With inputs from agencies",
    ],
)
def test_boilerplate_line_is_removed(line):
    assert clean_body(f"Talks began on Thursday.\n{line}\nThey ended on Friday.") == (
        "Talks began on Thursday.\nThey ended on Friday.",
        (line,),
    )


@pytest.mark.parametrize(
    "line",
    [
        "Copyright lawsuits against the company rose by 20 percent last year.",
        "Reporting by the BBC showed that 40 people had died.",
        "Follow-up talks are planned for March.",
        "Share prices fell 3 percent on Monday.",
        "He urged followers to subscribe, the prosecutor said.",
        "Related talks in Geneva were postponed.",
        "(c) the third option was rejected.",
        "Reuters reported that 12 people were killed.",
        "By Thursday, the talks had collapsed.",
        "By the end of the year 2016, 40 people had died.",
        "Published figures showed 40 people died in 2016.",
        "Updated casualty figures are expected on Monday.",
        "Photo evidence: the report cites 12 images.",
    ],
)
def test_article_sentence_that_looks_like_boilerplate_is_kept(line):
    text = f"Talks began on Thursday.\n{line}\nThey ended on Friday."
    assert clean_body(text) == (text, ())


def test_long_paragraph_mentioning_rights_is_kept():
    text = "Talks began. " + "The court said all rights reserved to the state were lost, and more. " * 5
    assert clean_body(text)[1] == ()


# ---------------------------------------------------------------- dateline and agency


@pytest.mark.parametrize(
    ("text", "place", "agency"),
    [
        ("BEIRUT: Syrian opposition figures were en route.", "BEIRUT", None),
        ("BEIRUT (AFP) - Syrian opposition figures were en route.", "BEIRUT", "AFP"),
        ("BEIRUT (AFP) — Syrian opposition figures were en route.", "BEIRUT", "AFP"),
        ("NEW YORK, March 3 (Reuters) - Stocks fell on Monday.", "NEW YORK", "Reuters"),
        ("WASHINGTON, March 3 - The Senate voted on Tuesday.", "WASHINGTON", None),
        ("SALVADOR, Feb 26 - Showers continued.", "SALVADOR", None),
        ("DAMASCUS, Syria (AP) — Shelling killed five people.", "DAMASCUS", "AP"),
        ("Beirut, Lebanon (CNN) — Protesters gathered on Sunday.", "Beirut", "CNN"),
        ("UNITED NATIONS, Feb 15 (Reuters) - The council met.", "UNITED NATIONS", "Reuters"),
        ("ISTANBUL/BEIRUT (Reuters) - Turkish forces advanced.", "ISTANBUL/BEIRUT", "Reuters"),
        ("GENEVA (Agence France-Presse) -- Talks stalled.", "GENEVA", "AFP"),
    ],
)
def test_dateline_and_its_credit(text, place, agency):
    article = clean_article(raw(text))
    assert (article.dateline, article.agency) == (place, agency)
    assert article.text == text  # the dateline stays in the text


@pytest.mark.parametrize(
    "text",
    [
        "Syrian opposition figures were en route to Astana.",
        "UPDATE 2: Stocks fell on Monday.",
        "EXCLUSIVE - Talks stalled in Geneva.",
        "Beirut, the capital, was quiet - for once.",
        "US-led strikes hit the town on Monday.",
        "AFP - The agency said so.",
    ],
)
def test_no_dateline(text):
    assert find_dateline(text) is None


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("Talks began, a spokesman told AFP.\nHe told AFP again; an aide told Reuters.", "AFP"),
        ("Talks began, an AFP correspondent said.", "AFP"),
        ("Five people died, according to an AFP tally.", "AFP"),
        ("Talks began, he told The Associated Press.", "AP"),
        ("He told Reuters and told AFP.", "Reuters"),  # a tie goes to the first named
        ("Talks began, Reuters reported.", None),  # citing another outlet is not a credit
        ("Talks began, according to AFP.", None),
        ("State news agency SANA said five died.", None),
    ],
)
def test_agency_from_attribution(text, agency):
    assert clean_article(raw(text)).agency == agency


def test_agency_sign_off_is_removed_and_credited():
    article = clean_article(raw("Talks began on Thursday.\n— AFP"))
    assert (article.text, article.agency, article.removed) == ("Talks began on Thursday.", "AFP", ("— AFP",))


def test_dateline_credit_beats_sign_off_and_attribution():
    text = "LONDON (Reuters) - Talks began, an official told AFP."
    assert find_agency(text, dateline=find_dateline(text), sign_offs=("— AP",)) == "Reuters"


# ---------------------------------------------------------------- article id


def test_article_id_is_sha256_of_title_unit_separator_text():
    assert article_id("Talks", "Talks began.") == hashlib.sha256("Talks\x1fTalks began.".encode()).hexdigest()[:16]
    assert article_id("Talks", "Talks began.") == "0d45584d602aead0"


def test_same_cleaned_article_same_id_whatever_the_whitespace():
    a = clean_article(raw("Talks began.\r\n\r\nThey ended.", title="Talks"))
    b = clean_article(raw("  Talks  began.\n\nThey ended.  \n", title=" Talks "))
    c = clean_article(raw("Talks began.\nThey ended differently.", title="Talks"))
    assert a.article_id == b.article_id != c.article_id


@pytest.mark.parametrize(
    "text",
    [
        "The World Trade Organisation (WTO) has ruled against the subsidies.",
        "General Motors (GM) - the carmaker - cut jobs.",
        "NATO (the alliance) met.",
    ],
)
def test_name_with_an_acronym_is_not_a_dateline(text):
    assert find_dateline(text) is None


def test_third_party_news_agency_is_not_the_writer():
    assert clean_article(raw("Prices rose, he told the Reuters news agency.")).agency is None


def test_sign_off_above_a_footer_and_removed_in_document_order():
    text = "Talks began on Thursday.\n— AFP\n© 2024 Example Media. All rights reserved."
    assert clean_body(text) == ("Talks began on Thursday.", ("© 2024 Example Media. All rights reserved.", "— AFP"))


def test_reuter_sign_off_on_its_own_line_after_an_unpunctuated_table_row():
    text = "NEW YORK, March 9 - Shr 23 cts vs 19 cts\nNet 1,438,000 vs 1,200,000\nRevs 83 mln vs 70 mln\n Reuter\n"
    assert clean_body(text) == (
        "NEW YORK, March 9 - Shr 23 cts vs 19 cts\nNet 1,438,000 vs 1,200,000\nRevs 83 mln vs 70 mln",
        ("Reuter",),
    )


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Kansas City, March 9 - Wheat rose.", "Kansas City"),
        ("Vancouver, British Columbia, March 9 - Gold fell.", "Vancouver"),
        ("NEW YORK, MARCH 9 - Stocks fell.", "NEW YORK"),
    ],
)
def test_mixed_case_place_with_a_date_is_a_dateline(text, place):
    assert find_dateline(text).place == place


def test_agency_from_a_byline():
    article = clean_article(raw("By Suleiman Al-Khalidi, Reuters\nTalks began on Thursday."))
    assert (article.text, article.agency, article.removed) == (
        "Talks began on Thursday.", "Reuters", ("By Suleiman Al-Khalidi, Reuters",),
    )
