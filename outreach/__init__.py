"""outreach: social media outreach and engagement tracking for government PR offices."""

__version__ = "0.1.0"
