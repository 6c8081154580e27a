"""Kept for older imports: numbers are written by ``outreach.texts``."""

from outreach.texts import localise_number

__all__ = ["localise_number"]
