"""x exports: see ../shared/FORMATS.md."""

from collectors import ExportKind

KINDS: list[ExportKind] = []
