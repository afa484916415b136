"""Plain helpers shared by the test suites: factories, sample data and constants, by subject.

Fixtures stay in conftest.py files (those used by several folders in tests/conftest.py); everything else a
test or a conftest imports from another folder lives here. `world`, `routes` and `report` are the quality
harness (ADR 0008), shared by tests/quality, tests/security and tests/api_fuzz.
"""
