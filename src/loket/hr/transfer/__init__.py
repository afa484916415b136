"""e-Mutasi: civil-servant transfers (BKN regulation 5/2019) on the one case engine."""
