"""Reading what a typeset PDF says: its text by poppler's pdftotext, normalised so TeX's line breaks don't matter."""
from __future__ import annotations

import pathlib
import re
import subprocess
import unicodedata


def pdf_text(path: str | pathlib.Path) -> str:
    """The text layer of a PDF in the order TeX set it (pdftotext -raw (poppler, installed with TeX by the set-up)."""
    done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=120)
    return done.stdout.decode("utf-8")


def squeezed(text: str) -> str:
    """``text`` without whitespace or hyphens and with ligatures undone, so a line or hyphen break can't hide it."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "`")
    return re.sub(r"[\s\-\u2010\u2011\u00ad]+", "", text)


def ascii_words(text: str) -> str:
    """``squeezed`` text with every non-ASCII glyph dropped: math set between words (a radical sign, a Greek
    letter) cannot come between them."""
    return re.sub(r"[^\x21-\x7e]", "", squeezed(text))


def run_derive(cwd: pathlib.Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The installed ``derive`` command run in ``cwd``, as a user runs it (no DERIVE_BANK from the caller)."""
    import os
    import sys

    command = pathlib.Path(sys.executable).with_name("derive")
    environment = {key: value for key, value in os.environ.items() if key not in ("DERIVE_BANK", "PYTHONPATH")}
    return subprocess.run([str(command), *args], capture_output=True, text=True, timeout=900, cwd=cwd,
                          env={**environment, **(env or {})})


def latexmk(tex: pathlib.Path) -> tuple[subprocess.CompletedProcess, str]:
    """``latexmk -pdf`` on a written .tex, in its folder; the run and the TeX log."""
    done = subprocess.run(["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", tex.name],
                          cwd=tex.parent, capture_output=True, text=True, timeout=600)
    log = tex.with_suffix(".log")
    return done, log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""


def has_phrase(text: str, phrase: str, gap: int = 2) -> bool:
    """Whether the words of ``phrase`` occur in order in ``ascii_words`` text, with at most ``gap`` stray
    characters between two words (a big operator's glyph pulled into a line of prose by the extraction)."""
    tokens = [re.escape(squeezed(token)) for token in re.sub(r"[^\x21-\x7e]", " ", phrase).split() if squeezed(token)]
    return re.search(f".{{0,{gap}}}".join(tokens), text) is not None if tokens else True
