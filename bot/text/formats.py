"""Numbers, money and percentages as each language writes them, in one place: English 70,000.5, €70,000 and 5%;
Dutch (nl_BE) 70.000,5, €70.000 and 5%; French (fr_BE) 70 000,5, 70 000 € and 5 % (a narrow no-break space groups
the thousands and comes before the sign)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# group separator and decimal mark per language; English is Python's own
MARKS = {"en": (",", "."), "nl": (".", ","), "fr": ("\u202f", ",")}


def euros(value: float) -> int:
    """Round to whole euros the way people do (half up), not banker's rounding."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def number(value: float, language: str = "en") -> str:
    """A plain number with the language's thousands separator and decimal mark (up to two decimals)."""
    if not math.isfinite(value):  # JSON's 1e999 reaches the range check as infinity, which must still be said
        return str(value)
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    group, decimal = MARKS.get(language, MARKS["en"])
    return text.translate(str.maketrans({",": group, ".": decimal}))


def money(value: float, language: str = "en") -> str:
    """Whole euros: €70,000 in English, €70.000 in Dutch, 70 000 € in French."""
    amount = number(euros(value), language)
    return f"{amount}\u00a0€" if language == "fr" else f"€{amount}"


def percent(text: str, language: str = "en") -> str:
    """A percentage (a number or a range already written): 5–15% in English and Dutch, 5–15 % in French."""
    return f"{text}\u202f%" if language == "fr" else f"{text}%"


def shown_value(value: Any, language: str) -> Any:
    """A number as the language writes it; anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return number(value, language)
