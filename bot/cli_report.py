"""`careerbot report` and `careerbot forget`: the maintainers' report in the terminal, and one member's data erased."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.errors import UserFacingError

if TYPE_CHECKING:
    from bot.feedback import FeedbackReport, FeedbackStore, Pruned
    from bot.report import CoverageReport, Group, SectionCount, SectionRef, Sources, Votes
    from bot.settings import Settings

GROUPS_SHOWN = 12  # per part in the terminal; --json has them all
ANSWERS_SHOWN = 10  # of the newest 👎 answers and unsure questions listed one by one
SECTIONS_SHOWN = 10


def gather(settings: Settings, days: int) -> tuple[CoverageReport, FeedbackReport]:
    """Apply the retention period, then build the report and the newest answers' list for the same moment."""
    from bot.feedback import FeedbackStore
    from bot.rag.index.embeddings import LazyEmbedder
    from bot.report import coverage_report

    store = FeedbackStore.existing(settings)
    try:
        now = datetime.now(UTC)
        pruned = store.prune(settings.feedback_retention_days, now=now)
        embedder = LazyEmbedder(settings)
        coverage = coverage_report(store, embedder.query_vectors, embedder.name, live_sections(settings), days,
                                   now=now)
        coverage.retention = pruned
        return coverage, store.report(days, now=now)
    finally:
        store.close()


def live_sections(settings: Settings) -> list[SectionRef] | None:
    """The live index's sections, for the never-cited lists; None when there is no index (or it cannot be read:
    the report is about the feedback, and says the lists are missing)."""
    from bot.rag.index.store import ChromaStore
    from bot.report import index_sections

    try:
        return index_sections(ChromaStore.from_settings(settings))
    except UserFacingError:
        return None


def as_json(coverage: CoverageReport, listed: FeedbackReport) -> dict[str, Any]:
    """The report object: the earlier keys (downvoted, low_confidence, calculators) kept beside the new parts."""
    return {**listed.model_dump(mode="json"), **coverage.model_dump(mode="json")}


def forget(store: FeedbackStore, user_id: int) -> Pruned:
    """Erase one member's votes and the questions stored with their hash."""
    if not 0 < user_id < 2**64:
        raise UserFacingError(f"{user_id} is not a Discord user id (a positive number, up to 20 digits)")
    return store.forget(user_id)


def shown(text: str) -> str:
    """Stored text as it may reach a terminal: control characters (escape sequences, carriage returns, bells)
    written as escapes, so a stored question can neither move the cursor nor colour, retitle or link anything."""
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


def format_coverage(report: CoverageReport) -> str:
    """The three parts as text, numbers first."""
    return "\n".join([*summary(report), "", *gaps_part(report), "", *top_part(report), "",
                      *sources_part(report.sources)])


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def summary(report: CoverageReport) -> list[str]:
    t = report.totals
    lines = [f"Report for the last {report.days} days (since {report.since:%Y-%m-%d %H:%M} UTC): "
             f"{counted(t.questions, 'question')}, {t.answered} answered, {t.unsure} unsure, {t.refused} refused, "
             f"{t.voted_down} voted 👎; {counted(t.members, 'member')} known by their hash"]
    if report.retention is not None:
        lines.append(f"Retention: deleted {counted(report.retention.questions, 'question')} and "
                     f"{counted(report.retention.votes, 'vote')} older than the retention period "
                     "(CAREERBOT_FEEDBACK_RETENTION_DAYS)")
    return lines


def gaps_part(report: CoverageReport) -> list[str]:
    size = sum(g.size for g in report.gaps)
    lines = [f"Coverage gaps: {counted(size, 'question')} refused, unsure or voted 👎, in "
             f"{counted(len(report.gaps), 'group')} "
             "(largest first; a group whose closest section answers it is one the answerer misses)"]
    for group in report.gaps[:GROUPS_SHOWN]:
        lines += [heading(group) + f" · refused {group.refused} · unsure {group.unsure} · 👎 {group.voted_down}",
                  *examples(group), sections_line("closest", group.sections)]
    return lines + rest(report.gaps)


def top_part(report: CoverageReport) -> list[str]:
    size = sum(g.size for g in report.top_questions)
    lines = [f"Top questions: {size} answered, in {counted(len(report.top_questions), 'group')}"]
    for group in report.top_questions[:GROUPS_SHOWN]:
        lines += [heading(group), *examples(group), sections_line("answered from", group.sections)]
    return lines + rest(report.top_questions)


def heading(group: Group) -> str:
    languages = " ".join(f"{shown(lang)} {n}" for lang, n in group.languages.items())
    return (f"  {counted(group.size, 'question'):>13} · {counted(group.members, 'member')} · "
            f"{counted(group.voters, 'voter')} · {languages}  "
            f"[{shown(group.label) or 'no telling words'}]")


def examples(group: Group) -> list[str]:
    return [f"         “{shown(text)}”" for text in group.examples]


def sections_line(what: str, sections: list[SectionCount]) -> str:
    if not sections:
        return f"         {what}: no section"
    return f"         {what}: " + "; ".join(f"{section_name(s)} ({s.count}×" + (
        f", cosine {s.similarity:.2f})" if s.similarity is not None else ")") for s in sections)


def section_name(section: SectionRef) -> str:
    return f"{shown(section.title)} › {shown(section.section)}" if section.section else shown(section.title)


def rest(groups: list[Group]) -> list[str]:
    hidden = groups[GROUPS_SHOWN:]
    return [f"  … and {counted(len(hidden), 'smaller group')} ({counted(sum(g.size for g in hidden), 'question')}); "
            "--json lists them all"
            ] if hidden else []


def sources_part(sources: Sources) -> list[str]:
    lines = ["Sources", f"  Cited most ({counted(len(sources.most_cited), 'section')}):"]
    lines += [f"  {s.count:>5}× {section_name(s)}" for s in sources.most_cited[:SECTIONS_SHOWN]]
    if not sources.index_read:
        lines.append("  Never cited: no live index to compare with (run careerbot ingest)")
    else:
        lines.append(f"  Never cited in the period: {counted(len(sources.never_cited_documents), 'document')}, "
                     f"{counted(len(sources.never_cited_sections), 'section')} of the other documents")
        lines += [f"    document: {section_name(s)} ({shown(s.doc_id)})" for s in sources.never_cited_documents]
        lines += [f"    section: {section_name(s)}" for s in sources.never_cited_sections]
    lines.append("  Votes per document (documents answers):")
    lines += [votes_line(v, shown(v.title or v.name)) for v in sources.documents]
    return lines


def votes_line(votes: Votes, name: str) -> str:
    share = f" ({votes.share_up:.0%} 👍)" if votes.share_up is not None else ""
    return f"    {name}: {counted(votes.answers, 'answer')} 👍{votes.up} 👎{votes.down}{share}"
