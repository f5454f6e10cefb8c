"""Package namespaces that load their names on first use (PEP 562), so importing a package costs nothing.

A package lists ``name -> module`` (``None``: the name is a submodule of the package) and installs the
pair of functions this returns as its ``__getattr__`` and ``__dir__``.
"""
from __future__ import annotations

import importlib
import sys
from typing import Callable, Mapping


def lazy_exports(package: str, exports: Mapping[str, str | None]) -> tuple[Callable[[str], object],
                                                                         Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``: each exported name is imported from its module when first asked."""

    def __getattr__(name: str) -> object:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        source = exports[name]
        module = importlib.import_module(source or f"{package}.{name}")
        value = module if source is None else getattr(module, name)
        setattr(sys.modules[package], name, value)  # later lookups find it without this function
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(exports))

    return __getattr__, __dir__
