"""Answers, source lists and help as embeds that respect Discord's size limits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot.discord.citations import Catalogue, Citation, citation_of
from bot.discord.i18n import say
from bot.discord.ports import DocumentInfo
from bot.discord.split import EMBED_DESCRIPTION_LIMIT, EMBED_TOTAL_LIMIT, split_text
from bot.models import Answer, Language, Source
from bot.rag.checks import sanitise_output

COLOUR = discord.Colour(0x2B6CB0)
LOW_CONFIDENCE_COLOUR = discord.Colour(0xB7791F)
TITLE_LIMIT = 256
FIELD_LIMIT = 1024
EMBEDS_PER_MESSAGE = 10
SOURCE_LINE_LIMIT = 300

def clip(text: str, limit: int) -> str:
    """One line of at most `limit` characters, with an ellipsis when shortened."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def source_lines(sources: Sequence[Source], catalogue: Catalogue | None = None) -> list[str]:
    """One line per cited section, in citation order: every number citing it, "title › section", the document's
    publisher and year, linked when the document has a URL."""
    sections: dict[tuple[str, str], list[Source]] = {}
    for source in sources:
        sections.setdefault((source.doc_id, source.section), []).append(source)
    return [_section_line(group, (catalogue or {}).get(group[0].doc_id)) for group in sections.values()]


def _section_line(group: Sequence[Source], citation: Citation | None) -> str:
    first = group[0]
    numbers = "".join(f"[{rank}]" for rank in sorted({s.rank for s in group}))
    label = f"{first.title} › {first.section}" if first.section else first.title
    label = clip(label.replace("[", "(").replace("]", ")"), SOURCE_LINE_LIMIT - 80)
    url = first.url or (citation.url if citation else None)
    shown = f"[{label}]({url})" if url and len(label) + len(url) + 90 <= SOURCE_LINE_LIMIT else label
    origin = f" · {citation.label(60)}" if citation else ""
    return sanitise_output(f"**{numbers}** {shown}{origin}", [url] if url else [])  # front matter is document text


def group_lines(lines: Sequence[str], limit: int = FIELD_LIMIT) -> list[str]:
    """Join lines into blocks of at most `limit` characters (one embed field each)."""
    blocks: list[str] = []
    for line in lines:
        if blocks and len(blocks[-1]) + 1 + len(line) <= limit:
            blocks[-1] += "\n" + line
        else:
            blocks.append(clip(line, limit))
    return blocks


def footer(answer: Answer) -> str:
    """Language and confidence, in the answer's own language."""
    confidence = say("confidence_high" if answer.confident else "confidence_low", answer.language)
    return say("answer_footer", answer.language, confidence=confidence)


def answer_embeds(answer: Answer, *, title: str | None = None, catalogue: Catalogue | None = None
                  ) -> list[discord.Embed]:
    """The answer text over as many embeds as needed, then the cited sources and the footer."""
    colour = COLOUR if answer.confident else LOW_CONFIDENCE_COLOUR
    parts = split_text(answer.text, EMBED_DESCRIPTION_LIMIT) or ["…"]
    embeds = [discord.Embed(description=part, colour=colour) for part in parts]
    if title:
        embeds[0].title = clip(title, TITLE_LIMIT)
    add_sources(embeds, source_lines(answer.shown_sources(), catalogue), answer.language, colour)
    embeds[-1].set_footer(text=footer(answer))
    return embeds


def add_sources(embeds: list[discord.Embed], lines: Sequence[str], language: Language, colour: discord.Colour
                ) -> None:
    """The source lines as fields under the text, starting a new embed when the last one is full."""
    for index, block in enumerate(group_lines(lines)):
        name = say("sources" if index == 0 else "sources_more", language)
        if len(embeds[-1]) + len(name) + len(block) > EMBED_TOTAL_LIMIT - 200 or len(embeds[-1].fields) >= 25:
            embeds.append(discord.Embed(colour=colour))
        embeds[-1].add_field(name=name, value=block, inline=False)


def pack(embeds: Sequence[discord.Embed]) -> list[list[discord.Embed]]:
    """Group embeds into messages of at most 10 embeds and 6,000 characters."""
    messages: list[list[discord.Embed]] = []
    size = 0
    for embed in embeds:
        if not messages or len(messages[-1]) >= EMBEDS_PER_MESSAGE or size + len(embed) > EMBED_TOTAL_LIMIT:
            messages.append([])
            size = 0
        messages[-1].append(embed)
        size += len(embed)
    return messages


def documents_embeds(documents: Sequence[DocumentInfo], last_ingested: datetime | None, language: Language
                     ) -> list[discord.Embed]:
    """/sources: one line per document (publisher, year, link, as the index stored them) and when the index was
    last built."""
    lines = [_document_line(d, citation_of(d), language) for d in documents]
    when = discord.utils.format_dt(last_ingested, "R") if last_ingested else say("never", language)
    text = "\n".join(lines or [say("documents_empty", language)]) + "\n\n" + say("last_ingested", language, when=when)
    parts = split_text(text, EMBED_DESCRIPTION_LIMIT)
    embeds = [discord.Embed(description=part, colour=COLOUR) for part in parts]
    embeds[0].title = say("documents_title", language, count=len(documents))
    return embeds


def _document_line(document: DocumentInfo, citation: Citation, language: Language) -> str:
    title = clip(document.title, 150).replace("[", "(").replace("]", ")")
    title = f"**[{title}]({citation.url})**" if citation.url else f"**{title}**"
    origin = citation.label()
    line = say("document_line", language, title=title, language=document.language, source=origin,
               chunks=document.chunks)
    return sanitise_output(line, [citation.url] if citation.url else [])  # front matter is document text
