"""Retirement age (BUP) and pension dates for civil servants."""
