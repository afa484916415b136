"""e-Pangkat: rank promotion rules (pure) and promotion cases on the engine."""
