"""The bundled problem sets, one package each; they are found through the ``derive.problem_sets`` entry points."""
