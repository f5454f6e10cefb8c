"""Compiling a TeX document to PDF with pdflatex, locked down: the source never gets more than the page.

The document and its figures are written to a fresh temporary folder, and pdflatex runs there with shell
escape off and kpathsea's paranoid file policy (``openin_any=p``, ``openout_any=p``: no absolute paths, no
parent folders, no dot files), under a time limit for the whole compile and a page limit enforced from
inside TeX.  A failed compile is one sentence naming TeX's error and its line.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

INSTALL_HINT = ("pdflatex was not found: install TeX Live with 'sudo apt-get install texlive-latex-base "
                "texlive-latex-recommended texlive-fonts-recommended latexmk' (or run 'make install'), "
                "or write the .tex with --format latex.")
PAGE_LIMIT_MARK = "derive: page limit reached"
_RERUN = re.compile(r"Rerun to get|Table widths have changed|Label\(s\) may have changed|rerun LaTeX", re.I)


class TexMissingError(RuntimeError):
    """No pdflatex on this machine; the message says how to install it."""


class TexCompileError(RuntimeError):
    """TeX could not make the PDF; the message is one sentence, ``log`` the whole TeX log."""

    def __init__(self, message: str, log: str = ""):
        super().__init__(message)
        self.log = log


@dataclass(frozen=True)
class CompileConfig:
    """Limits of one compile: seconds for all passes together, the most pages, the most passes."""

    timeout: float = 180.0
    page_limit: int = 2000
    max_passes: int = 4

    def __post_init__(self) -> None:
        if not (0 < self.timeout < float("inf")) or self.page_limit < 1 or self.max_passes < 1:
            raise ValueError("the TeX limits must be a finite positive time and at least one page and one pass")


@dataclass(frozen=True)
class CompiledPdf:
    """A compiled document: the PDF's bytes, its page count, the last pass's log, and how long it took."""

    pdf: bytes
    pages: int
    log: str
    seconds: float
    passes: int
    overfull_pt: tuple[float, ...] = field(default=())  # how far each overfull box ran past its line

    def write(self, path: str | os.PathLike) -> Path:
        """Write the PDF to ``path`` (its folder created when missing)."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(self.pdf)
        return target


def pdflatex_path() -> str | None:
    """The pdflatex on PATH, or None."""
    return shutil.which("pdflatex")


def page_limit_hook(page_limit: int) -> str:
    """Preamble lines that stop TeX, with a mark in the log, once ``page_limit`` pages are shipped out."""
    return (r"\makeatletter" "\n"
            rf"\AddToHook{{shipout/after}}{{\ifnum\ReadonlyShipoutCounter>{page_limit}\relax"
            rf"\typeout{{{PAGE_LIMIT_MARK}}}\expandafter\@@end\fi}}" "\n"
            r"\makeatother")


def _environment(folder: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TEX", "openin", "openout"))}
    env.update({"openin_any": "p", "openout_any": "p", "shell_escape": "f", "TEXMFOUTPUT": folder,
                "TEXINPUTS": ".:", "max_print_line": "1000", "error_line": "254", "half_error_line": "238"})
    return env


def _run(command: list[str], folder: str, deadline: float) -> subprocess.CompletedProcess:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise subprocess.TimeoutExpired(command, 0)
    with subprocess.Popen(command, cwd=folder, env=_environment(folder), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True) as process:
        try:
            output, _ = process.communicate(timeout=remaining)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
        return subprocess.CompletedProcess(command, process.returncode, output, b"")


def tex_error(log: str) -> str:
    """One sentence from a TeX log: the first error and the line of the document it was on."""
    if PAGE_LIMIT_MARK in log:
        return "the document is longer than the page limit; it was stopped there"
    for match in re.finditer(r"^(?:! |(?:\./)?[^\s:]+\.tex:(\d+): )(.+)$", log, re.M):
        message = match.group(2).strip().rstrip(".")
        if message.startswith(("Emergency stop", "==> Fatal error")):
            continue
        line = match.group(1) or next(iter(re.findall(r"^l\.(\d+)", log[match.end():], re.M)), None)
        where = f" at line {line} of the document" if line else ""
        return f"TeX stopped{where}: {message}"
    return "pdflatex stopped without naming an error (see its log)"


def _section_of_error(source: str, log: str) -> str:
    """Where a TeX error is, in the reader's terms: the heading of the section holding the failing line."""
    line = re.search(r"at line (\d+) of the document", tex_error(log))
    if line is None:
        return ""
    before = source.splitlines()[:int(line.group(1))]
    heading = next((text for text in reversed(before) if text.startswith("\\section*{")), None)
    if heading is None:
        return ""
    plain = re.sub(r"\\[A-Za-z]+\*?|[{}]", " ", heading[len("\\section*{"):]).split()
    return f" (in the section '{' '.join(plain)[:80]}')"


def overfull_boxes(log: str) -> tuple[float, ...]:
    """How many points each overfull horizontal or vertical box in a TeX log runs over."""
    return tuple(float(width) for width in re.findall(r"Overfull \\[hv]box \(([\d.]+)pt too", log))


def compile_latex(source: str, files: Mapping[str, bytes] | None = None,
                  config: CompileConfig = CompileConfig()) -> CompiledPdf:
    """Compile ``source`` (with ``files`` such as figures beside it) to a PDF, rerunning until references settle."""
    pdflatex = pdflatex_path()
    if pdflatex is None:
        raise TexMissingError(INSTALL_HINT)
    started = time.monotonic()
    deadline = started + config.timeout
    with tempfile.TemporaryDirectory(prefix="derive-tex-") as folder:
        for name, data in (files or {}).items():
            if "/" in name or name.startswith("."):
                raise ValueError(f"a file beside the document must be a plain name, not {name!r}")
            Path(folder, name).write_bytes(data)
        Path(folder, "document.tex").write_text(source, encoding="utf-8")
        command = [pdflatex, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error",
                   "document.tex"]
        log, passes = "", 0
        while passes < config.max_passes:
            passes += 1
            try:
                result = _run(command, folder, deadline)
            except subprocess.TimeoutExpired:
                raise TexCompileError(f"pdflatex took longer than the limit of {config.timeout:g} s and was "
                                      f"stopped", log) from None
            log_path = Path(folder, "document.log")
            log = (log_path.read_bytes() if log_path.exists() else result.stdout).decode("utf-8", "replace")
            if result.returncode != 0 or PAGE_LIMIT_MARK in log:
                raise TexCompileError(tex_error(log) + _section_of_error(source, log), log)
            if not _RERUN.search(log):
                break
        pdf = Path(folder, "document.pdf").read_bytes()
    pages = re.search(r"Output written on \S+ \((\d+) pages?", log)
    return CompiledPdf(pdf=pdf, pages=int(pages.group(1)) if pages else 0, log=log,
                       seconds=time.monotonic() - started, passes=passes, overfull_pt=overfull_boxes(log))
