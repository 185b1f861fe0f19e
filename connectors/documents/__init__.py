"""Documents as rows: one parser module per format family, each run in an isolated worker with time and memory
limits; layout, chunks and domain records built from what the parsers return."""
