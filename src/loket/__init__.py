"""Loket: public services online and paperless civil-service administration."""

__version__ = "0.1.0"
