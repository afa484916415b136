"""Bench-only Django site: Loket's settings and routes plus the floor route. Never part of the product."""
