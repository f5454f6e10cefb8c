"""Worker processes: grading under a real wall-clock limit, so one runaway answer never costs the others."""
