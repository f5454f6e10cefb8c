"""Reports: every format a result prints in; ``formats`` holds the one table the command line reads."""
