"""e-Cuti: civil-servant leave (PP 11/2017 as amended by PP 17/2020; BKN regulation 24/2017 as amended by 7/2021)."""
