"""Performance ratings (SKP, PermenPANRB 6/2022): rules, entry by the direct superior, import, history."""
