"""An independent recomputation of every published KPI from the raw tables (issue 14), and its comparison with
what Loket publishes: `sql` computes the figures in plain SQL from the KPI definitions (version 2), `surfaces`
reads the published figures (dashboard/transparency queries, open data, API), `compare` reports every
disagreement as indicator, slice, month, expected and published."""
