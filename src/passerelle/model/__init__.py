"""Pure domain types: no I/O, safe to use from every layer, a process pool or Spark."""
