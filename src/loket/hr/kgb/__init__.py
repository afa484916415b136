"""Base salary (gaji pokok) tables and the periodic salary increase (KGB)."""
