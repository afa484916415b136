"""Payments (issue 18): levy assessments (SKRD), QRIS and virtual-account payment codes, providers, receipts and
reconciliation, as a step of the one case engine. Pure parts: `rules` (tariffs), `qris`, `accounts`."""
