"""Grading a whole class: submissions in, a resumable SQLite run, gradebooks and reports out, Gradescope."""
