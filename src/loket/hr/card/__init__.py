"""e-Kartu: the digital employee card (issue 17): a signed compact QR payload, offline-verifiable (ADR 0018)."""
