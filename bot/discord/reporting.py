"""The maintainers' report as Discord shows it: the numbers in an embed, the parts (coverage gaps, top questions,
sources) in its description when they fit, else in an attached Markdown file, every word from the catalogue."""

from __future__ import annotations

import io
from typing import Any

import discord

from bot.discord.i18n import say
from bot.discord.render import COLOUR, clip
from bot.feedback.report import CoverageReport, Group, SectionCount, SectionRef, Sources, Votes
from bot.models import Language
from bot.text.formats import number

DESCRIPTION_LIMIT = 4000  # Discord allows 4096 in an embed's description; longer parts go into the file
GROUPS_SHOWN = 50  # per part in the file; the rest is counted in one line
EXAMPLE_CHARS = 200  # a stored question may be 1,000 characters; an example needs only its start
TOTALS = ("questions", "answered", "unsure", "refused", "voted_down", "members")
CHART_FILE = "careerbot-questions-per-day.png"


def report_message(report: CoverageReport, language: Language, retention_days: int, *, attach: bool = False
                   ) -> dict[str, Any]:
    """The follow-up's keyword arguments: the numbers first, the parts in the embed or as a file beside it (always
    in the file with `attach`: the weekly post keeps the channel short)."""
    embed = numbers_embed(report, language, retention_days)
    parts = "\n".join(report_parts(report, language))
    if report.totals.questions == 0:
        embed.description = say_lines(embed, language, "report_nothing")
        return {"embed": embed}
    if not attach and len(embed.description or "") + len(parts) + 2 <= DESCRIPTION_LIMIT:
        embed.description = f"{embed.description}\n\n{parts}"
        return {"embed": embed}
    embed.description = say_lines(embed, language, "report_attached")
    return {"embed": embed, "file": report_file(report, parts, language)}


def weekly_message(report: CoverageReport, chart: bytes | None, language: Language, retention_days: int
                   ) -> dict[str, Any]:
    """The weekly post's keyword arguments: one line saying what it is, the numbers, the chart (a PNG shown in the
    embed) and the parts as a Markdown file; a week without questions is the numbers alone."""
    message = report_message(report, language, retention_days, attach=True)
    files = [message.pop("file")] if "file" in message else []
    if chart is not None:
        files.append(discord.File(io.BytesIO(chart), filename=CHART_FILE))
        message["embed"].set_image(url=f"attachment://{CHART_FILE}")
    return {"content": say("report_weekly", language), **message, **({"files": files} if files else {})}


def say_lines(embed: discord.Embed, language: Language, key: str) -> str:
    """The embed's description with one more line under it."""
    return f"{embed.description}\n{say(key, language)}"


def numbers_embed(report: CoverageReport, language: Language, retention_days: int) -> discord.Embed:
    """The period's totals as fields, with when it starts and what the retention pass deleted."""
    embed = discord.Embed(title=say("report_title", language, days=report.days), colour=COLOUR)
    for name in TOTALS:
        embed.add_field(name=say(f"report_{name}", language), value=number(getattr(report.totals, name), language))
    embed.add_field(name=say("report_gap_groups", language), value=number(len(report.gaps), language))
    lines = [say("report_since", language, since=f"{report.since:%Y-%m-%d %H:%M}")]
    if report.retention is not None:
        lines.append(say("report_retention", language, questions=report.retention.questions,
                         votes=report.retention.votes, days=retention_days))
    embed.description = "\n".join(lines)
    return embed


def report_file(report: CoverageReport, parts: str, language: Language) -> discord.File:
    """The parts as a Markdown file named after the day the period ends."""
    title = say("report_file_title", language, days=report.days, since=f"{report.since:%Y-%m-%d %H:%M}")
    text = f"# {title}\n\n{parts}\n"
    return discord.File(io.BytesIO(text.encode("utf-8")), filename=f"careerbot-report-{report.days}d.md")


def report_parts(report: CoverageReport, language: Language) -> list[str]:
    """Coverage gaps, top questions and sources as Markdown lines."""
    gaps, top = report.gaps, report.top_questions
    lines = [f"## {say('report_gaps', language, questions=sum(g.size for g in gaps), groups=len(gaps))}",
             say("report_gaps_hint", language)]
    for group in gaps[:GROUPS_SHOWN]:
        lines += group_lines(group, language, "report_closest", gap=True)
    lines += more_groups(gaps, language)
    lines.append(f"## {say('report_top', language, questions=sum(g.size for g in top), groups=len(top))}")
    for group in top[:GROUPS_SHOWN]:
        lines += group_lines(group, language, "report_answered_from", gap=False)
    return lines + more_groups(top, language) + sources_lines(report.sources, language)


def group_lines(group: Group, language: Language, sections_key: str, *, gap: bool) -> list[str]:
    """A group's heading line, its outcomes (gaps), its typical questions and its sections."""
    languages = " ".join(f"{plain(code)} {number(n, language)}" for code, n in group.languages.items())
    label = plain(group.label) or say("report_no_label", language)
    heading = say("report_group", language, label=f"**{label}**", questions=group.size, members=group.members,
                  voters=group.voters, languages=languages)
    lines = [f"- {heading}"]
    if gap:
        lines.append("  - " + say("report_group_outcomes", language, refused=group.refused, unsure=group.unsure,
                                  down=group.voted_down))
    lines += [f"  - “{plain(clip(text, EXAMPLE_CHARS))}”" for text in group.examples]
    return [*lines, "  - " + say(sections_key, language, sections=sections_text(group.sections, language))]


def sections_text(sections: list[SectionCount], language: Language) -> str:
    if not sections:
        return say("report_no_section", language)
    return "; ".join(f"{section_name(s)} ({number(s.count, language)}×)" for s in sections)


def section_name(section: SectionRef) -> str:
    return f"{plain(section.title)} › {plain(section.section)}" if section.section else plain(section.title)


def more_groups(groups: list[Group], language: Language) -> list[str]:
    hidden = groups[GROUPS_SHOWN:]
    if not hidden:
        return []
    return [say("report_more_groups", language, groups=len(hidden), questions=sum(g.size for g in hidden))]


def sources_lines(sources: Sources, language: Language) -> list[str]:
    """The sections cited most, those never cited, and the votes per document and calculator."""
    lines = [f"## {say('report_sources', language)}", f"### {say('report_cited_most', language)}"]
    lines += [f"- {number(s.count, language)}× {section_name(s)}" for s in sources.most_cited] or [
        f"- {say('report_none', language)}"]
    if not sources.index_read:
        lines.append(say("report_no_index", language))
    else:
        never = say("report_never_cited", language, documents=len(sources.never_cited_documents),
                    sections=len(sources.never_cited_sections))
        lines.append(f"### {never}")
        lines += [f"- {section_name(s)}" for s in [*sources.never_cited_documents, *sources.never_cited_sections]]
    return (lines + votes_lines(sources.documents, "report_document_votes", language)
            + votes_lines(sources.calculators, "report_calculator_votes", language))


def votes_lines(votes: list[Votes], key: str, language: Language) -> list[str]:
    if not votes:
        return []
    return [f"### {say(key, language)}", *(
        "- " + say("report_votes_line", language, name=plain(v.title or v.name), answers=v.answers, up=v.up,
                   down=v.down) for v in votes)]


def plain(text: str) -> str:
    """Stored text (a member's question, a document's words) as it may reach Discord and a Markdown file:
    control characters written as escapes and Markdown shown as typed, so it can neither format nor link."""
    printable = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
    return discord.utils.escape_markdown(discord.utils.escape_mentions(printable))
