"""The post-generation checks on their own: figures, citations, mentions, links, leaks."""

from __future__ import annotations

import re

import pytest

from bot.models import Source
from bot.rag.checks import (
    ZWSP,
    clean_citations,
    figures,
    leaks,
    neutralise_mentions,
    restrict_links,
    review_answer,
    sanitise_output,
    unsupported_figures,
)

# What Discord turns into a ping: <@id>, <@!id>, <@&id>, <#id>, </command:id>, @everyone, @here.
DISCORD_MENTION = re.compile(r"<@[!&]?\d+>|<#\d+>|</[\w -]+:\d+>|@(everyone|here)")
DISCORD_LINK = re.compile(r"https?://[^\s`]+")


def source(rank: int, text: str, url: str | None = None) -> Source:
    """A minimal source."""
    return Source(rank=rank, doc_id=f"d{rank}", title=f"T{rank}", section="S", path=f"p{rank}", url=url, text=text)


WAYS_TO_WRITE_70000 = ["70.000", "70,000", "70k", "70K", "€70,000", "€70.000", "70\u00a0000", "EUR 70000"]


@pytest.mark.parametrize("written", WAYS_TO_WRITE_70000)
@pytest.mark.parametrize("evidence", ["a salary of 70000 gross", "€70.000 bruto", "about 70k a year"])
def test_the_same_amount_written_differently_is_supported(written: str, evidence: str) -> None:
    assert unsupported_figures(f"You earn {written} [1].", [evidence]) == []


@pytest.mark.parametrize("written", ["75.000", "75k", "€7,000", "700.000", "70 million"])
def test_a_different_amount_is_unsupported(written: str) -> None:
    assert unsupported_figures(f"You earn {written}.", ["a salary of €70.000 gross"]) == [written.lstrip("€")]


def test_percentages_and_decimals_under_both_conventions() -> None:
    assert unsupported_figures("A raise of 3,5% or 3.5 %.", ["index of 3.5 percent"]) == []
    assert unsupported_figures("A raise of 4,5%.", ["index of 3.5 percent"]) == ["4,5"]


def test_mixed_separators_read_as_one_amount() -> None:
    assert [f.values[0][0] for f in figures("70.000,50 and 70,000.50 and 1.234.567")] == [70000.5, 70000.5, 1234567]


def test_a_rounded_tool_result_is_supported_but_a_changed_one_is_not() -> None:
    evidence = ['{"monthly": 5833.333333}']
    assert unsupported_figures("About €5,833 a month.", evidence) == []
    assert unsupported_figures("About €5,833.33 a month.", evidence) == []
    assert unsupported_figures("About €5,900 a month.", evidence) == ["5,900"]


def test_counts_and_years_must_come_from_the_evidence_too() -> None:
    assert unsupported_figures("In 2024, 12 companies hired.", ["In 2024 twelve companies hired."]) == ["12"]


def test_citations_list_numbers_urls_and_identifiers_are_not_figures() -> None:
    text = "1. Learn Python [3][12].\n2) Use S3 and k8s, see https://example.org/2024/report-99 [1, 2]."
    assert unsupported_figures(text, []) == []


def test_clean_citations_drops_unknown_numbers_and_splits_lists() -> None:
    text, cited = clean_citations("Pay is good [1]. Rates vary [7]. Both hold [2, 9, 1].", [1, 2])
    assert text == "Pay is good [1]. Rates vary. Both hold [2][1]."
    assert cited == {1, 2}


def test_clean_citations_with_no_valid_mark() -> None:
    assert clean_citations("Nothing here [4].", [1]) == ("Nothing here.", set())


@pytest.mark.parametrize("mention", ["@everyone", "@here", "@EveryOne", "<@123456789012345678>",
                                     "<@!123456789012345678>", "<@&123456789012345678>", "<#123456789012345678>",
                                     "</ask:123456789012345678>"])
def test_every_mention_form_is_made_inert(mention: str) -> None:
    safe = neutralise_mentions(f"Hi {mention}, read this.")
    assert DISCORD_MENTION.search(safe) is None
    assert ZWSP in safe
    assert safe.replace(ZWSP, "") == f"Hi {mention}, read this."


def test_plain_text_without_mentions_is_unchanged() -> None:
    text = "Mail jobs@example.org or use a <b> tag; 3 < 4 > 2."
    assert neutralise_mentions(text) == text


def test_links_to_the_sources_own_urls_stay_links() -> None:
    allowed = ["https://example.org/salaries"]
    text = "See https://Example.org/salaries/, or [the survey](https://example.org/salaries)."
    assert restrict_links(text, allowed) == text


def test_other_links_become_plain_text() -> None:
    text = "Click http://evil.example/x?a=1. Or [here](https://evil.example/y) or <https://evil.example/z>."
    safe = restrict_links(text, ["https://example.org/salaries"])
    assert DISCORD_LINK.findall(safe.replace("`https://", "").replace("`http://", "")) == []
    assert safe == ("Click `http://evil.example/x?a=1`. Or here (`https://evil.example/y`) "
                    "or `https://evil.example/z`.")


def test_a_backtick_ends_the_url_so_it_cannot_break_out_of_the_plain_text() -> None:
    safe = sanitise_output("go http://evil.example/`@everyone`", [])
    assert safe.startswith("go `http://evil.example/``")
    assert DISCORD_MENTION.search(safe) is None


def test_other_schemes_are_not_links_either() -> None:
    assert restrict_links("open steam://run/1 or ftp://x.example/f", []) == "open `steam://run/1` or `ftp://x.example/f`"


def test_leaks_find_secrets_and_verbatim_prompt_but_not_ordinary_text() -> None:
    prompt = "You are careerbot, an assistant for backend developers in Belgium.\nRule one: only use the context given."
    assert leaks("my key is sk-test-123456", ["sk-test-123456"], prompt) == ["a configured secret setting"]
    assert leaks("YOU ARE CAREERBOT,   an assistant for backend developers in Belgium.", [], prompt)
    assert leaks("Backend developers in Belgium earn well [1].", ["sk-test-123456"], prompt) == []


def test_review_marks_an_answer_without_valid_citation_not_confident() -> None:
    sources = [source(1, "Seniors earn €75,000.")]
    assert review_answer("Seniors earn €75,000 [1].", sources, ["Seniors earn €75,000."]).confident is True
    unsure = review_answer("Seniors earn €75,000 [5].", sources, ["Seniors earn €75,000."])
    assert unsure.text == "Seniors earn €75,000." and unsure.confident is False and unsure.problems == []


def test_review_reports_invented_figures_and_empty_answers() -> None:
    sources = [source(1, "Seniors earn €75,000.")]
    assert review_answer("Seniors earn €95,000 [1].", sources, [sources[0].text]).problems == [
        "figures found in neither the context nor a tool result: 95,000"
    ]
    assert review_answer(" [7] ", sources, []).problems == ["an empty answer"]


def test_review_without_sources_is_never_confident() -> None:
    assert review_answer("I cannot find that in the documents.", [], []).confident is False


def test_discord_ids_in_mentions_are_not_figures() -> None:
    assert unsupported_figures("Ask <@123456789012345678> in <#112233445566778899>.", []) == []
