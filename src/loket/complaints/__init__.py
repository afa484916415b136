"""Complaints and illegal-fee reports as cases of the one engine (issue 19, ADR 0021)."""
