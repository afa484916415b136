"""e-Fungsional: credit points (angka kredit) of functional positions."""
