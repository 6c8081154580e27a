"""Numbers as the report language writes them; kept free of heavy imports so that
every command module can use it without slowing `outreach -h`."""

from __future__ import annotations


def localise_number(shown: str, language: str) -> str:
    """A number formatted the English way ("12,345.6") as the report language writes it
    (Indonesian: "12.345,6")."""
    if language == "id":
        return shown.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return shown
