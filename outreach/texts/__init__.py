"""One catalogue for every text a person reads, in Bahasa Indonesia and English.

Texts are grouped by area (``status``, ``import``, ``summary``, ``report`` …) in the modules
of this package; each module has ``TEXTS = {"id": {...}, "en": {...}}`` with the same keys.
``text(language)`` gives a lookup ``t("import.totals", posts=3)``; a key missing in one
language is a bug that ``tests/test_texts.py`` catches.

Numbers and dates are written by one function per language (``number``, ``percent``,
``day``), so that "1.234,5" and "17 Nov 2026" look the same in tables, reports and pages.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any

LANGUAGES = ("id", "en")
AREAS = (
    "common",
    "cli",
    "summary",
    "compare",
    "purge",
    "web",
    "tag",
    "sentiment",
    "report",
    "evaluation",
    "collection",
)


@cache
def catalogue(language: str) -> dict[str, Any]:
    """Every text of one language as a flat dict ``area.key -> text``."""
    language = "en" if language == "en" else "id"
    flat: dict[str, Any] = {}
    for area in AREAS:
        try:
            module = importlib.import_module(f"outreach.texts.{area}")
        except ModuleNotFoundError:
            continue
        for key, value in module.TEXTS[language].items():
            flat[f"{area}.{key}"] = value
    return flat


def text(language: str) -> Callable[..., Any]:
    """``t(key, **values)``: the text in ``language`` with ``values`` filled in. A key without
    known area (``init.created``) is looked up in ``cli``. Non-string entries (lists, dicts of names) are returned as they are."""
    table = catalogue(language)

    def t(key: str, **values: Any) -> Any:
        entry = table[key] if key in table else table[f"cli.{key}"]
        return entry.format(**values) if isinstance(entry, str) and values else entry

    return t


def area_texts(area: str, language: str) -> dict[str, Any]:
    """One area's texts as a dict (``t["title"]``), for modules that fill many templates."""
    prefix = area + "."
    return {key[len(prefix) :]: value for key, value in catalogue(language).items() if key.startswith(prefix)}


# --- numbers and dates --------------------------------------------------------------------


def localise_number(shown: str, language: str) -> str:
    """A number formatted the English way ("12,345.6") as the language writes it
    (Indonesian: "12.345,6")."""
    if language == "id":
        return shown.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return shown


def number(value: float | None, language: str, decimals: int = 0, *, unknown: str = "—") -> str:
    """12,345.6 in English, 12.345,6 in Indonesian; ``unknown`` when the value is unknown."""
    if value is None or math.isnan(value):  # NaN is unknown too
        return unknown
    return localise_number(f"{value:,.{decimals}f}", language)


def percent(value: float | None, language: str, decimals: int = 1, *, unknown: str = "—") -> str:
    """A share (0.1234) as "12.3%" / "12,3%"."""
    if value is None or math.isnan(value):
        return unknown
    return number(value * 100, language, decimals) + "%"


MONTHS = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def day(value: date | datetime | None, language: str, *, unknown: str = "—") -> str:
    """A day as people write it: "17 Nov 2026" (Indonesian months in ``id``)."""
    if value is None:
        return unknown
    months = MONTHS["en" if language == "en" else "id"]
    return f"{value.day} {months[value.month - 1]} {value.year}"
