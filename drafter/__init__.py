"""drafter: drafts privacy policies in English and French from a service profile."""

__version__ = "0.1.0"
