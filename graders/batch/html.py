"""The class report as one self-contained HTML page: formulas typeset by KaTeX, inlined with its fonts, so the page
needs no network when it is opened.

KaTeX comes from its npm package, installed by the set-up (``make install``) under
``build/katex``; ``DERIVE_KATEX_DIR`` may name another copy of its ``dist`` folder. Students'
answers are shown exactly as written (as code, never as markup); what was read from them and the
references are typeset, with KaTeX's safe settings (no ``\\href``, bounded sizes and macro
expansion). A formula KaTeX cannot read shows as its source.
"""
from __future__ import annotations

import base64
import html
import os
import pathlib
import re
from typing import Sequence

from graders.batch.export import SlotSummary, WrongAnswer, slot_summaries
from graders.batch.store import Run

KATEX_VARIABLE = "DERIVE_KATEX_DIR"
_REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
_RENDER = """
document.querySelectorAll('.tex').forEach(function (node) {
  try {
    katex.render(node.dataset.tex, node, {throwOnError: false, trust: false, strict: 'ignore', maxSize: 20,
                                          maxExpand: 200, displayMode: false});
  } catch (error) { node.textContent = node.dataset.tex; }
});
document.body.dataset.rendered = document.querySelectorAll('.katex').length;
"""
_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; } td, th { border: 1px solid #ccc; padding: 0.3em 0.6em; }
th { background: #f3f3f3; text-align: left; } code { background: #f6f6f6; padding: 0 0.2em; }
.bar { background: #4a7; height: 0.8em; display: inline-block; } .muted { color: #666; }
"""


class ReportError(RuntimeError):
    """The HTML report cannot be made here; the message says how to fix that in one sentence."""


def katex_dist() -> pathlib.Path:
    """KaTeX's ``dist`` folder: ``DERIVE_KATEX_DIR``, else the copy the set-up installed."""
    override = os.environ.get(KATEX_VARIABLE)
    folder = pathlib.Path(override) if override else _REPOSITORY / "build" / "katex" / "node_modules" / "katex" / "dist"
    if not (folder / "katex.min.js").is_file():
        raise ReportError(f"KaTeX is not installed at {folder}: run 'make install', or 'npm install --prefix "
                          f"build/katex katex@0.16', or set {KATEX_VARIABLE} to its dist folder.")
    return folder


def _inlined_css(dist: pathlib.Path) -> str:
    """KaTeX's stylesheet with each woff2 font as a data URL (the other formats dropped: every browser reads woff2)."""
    css = (dist / "katex.min.css").read_text(encoding="utf-8")

    def font(match: re.Match) -> str:
        data = base64.b64encode((dist / match.group(1)).read_bytes()).decode()
        return f'url(data:font/woff2;base64,{data}) format("woff2")'

    css = re.sub(r'url\((fonts/[^)]+\.woff2)\) format\("woff2"\)', font, css)
    return re.sub(r',\s*url\(fonts/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)', "", css)


def _tex(source: str) -> str:
    escaped = html.escape(source, quote=True)
    return f'<span class="tex" data-tex="{escaped}">{escaped}</span>'


def _wrong_rows(answers: Sequence[WrongAnswer]) -> str:
    return "".join(
        f"<tr><td>{wrong.count}</td><td><code>{html.escape(wrong.answer[:300])}</code></td>"
        f"<td>{_tex(wrong.interpreted_as) if wrong.interpreted_as else ''}</td><td>{wrong.status}</td>"
        f"<td>{html.escape(wrong.feedback[:500])}</td></tr>" for wrong in answers)


def _slot_section(summary: SlotSummary) -> str:
    statuses = ", ".join(f"{status} {count}" for status, count in summary.statuses.most_common())
    widest = max(summary.scores.values(), default=1)
    scores = "".join(f'<tr><td>{score:g}</td><td><span class="bar" style="width:{12 * count / widest:.2f}em">'
                     f"</span> {count}</td></tr>" for score, count in sorted(summary.scores.items()))
    parts = [f"<h2>{html.escape(summary.part)} · {html.escape(summary.slot)}</h2>",
             f"<p>Reference: {_tex(summary.reference)} · {summary.answered} answers · {html.escape(statuses)}</p>",
             f"<table><tr><th>score</th><th>answers</th></tr>{scores}</table>"]
    header = "<tr><th>answers</th><th>written</th><th>read as</th><th>status</th><th>feedback</th></tr>"
    if summary.wrong:
        parts.append(f"<h3>Most common wrong answers</h3><table>{header}{_wrong_rows(summary.wrong)}</table>")
    if summary.review:
        parts.append(f"<h3>Left for a person to review</h3><table>{header}{_wrong_rows(summary.review)}</table>")
    return "\n".join(parts)


def report_html(run: Run, part_order: Sequence[str] = ()) -> str:
    """The per-slot report as one HTML page that typesets its formulas offline."""
    dist = katex_dist()
    sections = "\n".join(_slot_section(summary) for summary in slot_summaries(run, part_order))
    script = (dist / "katex.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Class report: {html.escape(pathlib.Path(run.path).name)}</title>"
            f"<style>{_inlined_css(dist)}</style><style>{_STYLE}</style></head>\n<body>"
            f"<h1>Class report</h1><p class=\"muted\">{html.escape(run.path)}</p>\n{sections}\n"
            f"<script>{script}</script><script>{_RENDER}</script></body></html>\n")
