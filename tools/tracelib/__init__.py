"""tools/trace's modules: what the spec requires, where it is implemented
and tested (inventory), and which tests kill each requirement's mutant
(mutants)."""
