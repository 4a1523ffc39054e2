"""Links and mentions in a generated answer: only the sources' own links stay live, no mention pings."""

from __future__ import annotations

import re
from collections.abc import Iterable

ZWSP = "\u200b"
LIST_MARKER = re.compile(r"^\s*\d+[.)]\s", re.MULTILINE)
URL_CHARS = r"[^\s<>\[\]()`'\"]+"
LINK = re.compile(
    rf"\[(?P<label>[^\]\n]*)\]\(\s*<?(?P<target>{URL_CHARS})>?\s*\)"  # [label](url)
    rf"|<(?P<angle>[a-zA-Z][\w+.\-]*://{URL_CHARS})>"  # <url>
    rf"|(?P<bare>\b[a-zA-Z][\w+.\-]*://{URL_CHARS})"  # url
)
TRAILING_PUNCTUATION = ".,;:!?"
MENTION_TAG = re.compile(r"<(?=[@#]|/[\w -]+:\d+>)")  # <@id> <@!id> <@&id> <#id> </command:id>
DISCORD_ID = re.compile(r"<(?:@[!&]?|#|/[\w -]+:)\d+>")  # mentions carry IDs, not figures
BROADCAST = re.compile(r"@(?=(?:everyone|here)\b)", re.IGNORECASE)


def normalise_url(url: str) -> str:
    """Compare URLs without case in scheme and host, and without a trailing slash."""
    scheme, sep, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}{sep}{host.lower()}{slash}{path}".rstrip("/")


def _plain(url: str) -> str:
    """A URL as inline code, which Discord does not turn into a link (URL_CHARS excludes backticks)."""
    return f"`{url}`"


def restrict_links(text: str, allowed_urls: Iterable[str]) -> str:
    """Keep links to the sources' own URLs; show every other link as plain text."""
    allowed = {normalise_url(url) for url in allowed_urls if url}

    def rewrite(match: re.Match[str]) -> str:
        if match.group("target") is not None:
            label, target = match.group("label"), match.group("target")
            return match.group(0) if normalise_url(target) in allowed else f"{label} ({_plain(target)})"
        url = match.group("angle") or match.group("bare")
        trailing = ""
        while match.group("bare") and url and url[-1] in TRAILING_PUNCTUATION:
            url, trailing = url[:-1], url[-1] + trailing
        kept = f"<{url}>" if match.group("angle") else url
        return (kept if normalise_url(url) in allowed else _plain(url)) + trailing

    return LINK.sub(rewrite, text)


def neutralise_mentions(text: str) -> str:
    """Make @everyone, @here and <@id>/<@&id>/<#id> inert, so an answer can never ping anyone."""
    return MENTION_TAG.sub("<" + ZWSP, BROADCAST.sub("@" + ZWSP, text))


def sanitise_output(text: str, allowed_urls: Iterable[str]) -> str:
    """Links first (so URLs stay whole), then mentions, including any inside the rewritten links."""
    return neutralise_mentions(restrict_links(text, allowed_urls))


def foreign_links(text: str, allowed_urls: Iterable[str]) -> list[str]:
    """The URLs in the text that are not one of the sources' own."""
    allowed = {normalise_url(url) for url in allowed_urls if url}
    found = []
    for match in LINK.finditer(text):
        url = (match.group("target") or match.group("angle") or match.group("bare") or "").rstrip(TRAILING_PUNCTUATION)
        if normalise_url(url) not in allowed:
            found.append(url)
    return found
