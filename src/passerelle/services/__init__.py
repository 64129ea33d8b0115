"""Use cases: the only layer that combines matching, store and engine."""
