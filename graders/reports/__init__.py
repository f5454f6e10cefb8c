"""Reports: every format a graded result prints in; ``formats`` holds the tables the command line reads."""
