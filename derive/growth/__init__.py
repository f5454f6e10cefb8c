"""Growth and norms: ``Theta``/``O``/``Omega`` as expression nodes, and claims about a network's norms."""
