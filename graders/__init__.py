"""Reading and grading answers."""
