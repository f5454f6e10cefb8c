r"""The frame every typeset document shares: a preamble with the macros the content uses, a title page.

Content is LaTeX built by ``solutions`` (trusted: our own derivations) and by the graders' reports
(answers and transcripts, escaped by ``escape``).  ``\fitmath`` sets a formula on one line and scales it
down when it is wider than the column, so no formula runs off the page.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from derive.typeset.compile import page_limit_hook
from derive.typeset.escape import untrusted_text

PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[a4paper,margin=2cm,headheight=14pt]{geometry}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage[sc]{mathpazo}
\usepackage[scaled=0.88]{helvet}
\usepackage{courier}
\usepackage{amsmath,amssymb}
\usepackage{array,longtable,booktabs}
\usepackage{graphicx}
\usepackage[table]{xcolor}
\usepackage{microtype}
\usepackage{fancyhdr}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.5\baselineskip}
\setlength{\emergencystretch}{3em}
\setlength{\LTpre}{0.3\baselineskip}
\setlength{\LTpost}{0.3\baselineskip}
\renewcommand{\arraystretch}{1.25}
\newsavebox{\derivebox}
\newcommand{\fitmath}[1]{\sbox{\derivebox}{$\displaystyle #1$}%
  \ifdim\wd\derivebox>\linewidth\resizebox{\linewidth}{!}{\usebox{\derivebox}}\else\usebox{\derivebox}\fi}
\newcommand{\fitmathin}[2]{\sbox{\derivebox}{$\displaystyle #2$}%
  \ifdim\wd\derivebox>#1\resizebox{#1}{!}{\usebox{\derivebox}}\else\usebox{\derivebox}\fi}
\newcommand{\verified}[1]{\textcolor{green!45!black}{\checkmark}\,{\sffamily\scriptsize #1}}
\newcommand{\failed}[1]{\textcolor{red!70!black}{\textbf{FAIL}}\,{\sffamily\scriptsize #1}}
\newcommand{\status}[1]{{\sffamily\bfseries #1}}
\newcolumntype{L}[1]{>{\raggedright\arraybackslash}p{#1}}
\newcolumntype{R}[1]{>{\raggedleft\arraybackslash}p{#1}}
\pagestyle{fancy}
\fancyhf{}
\renewcommand{\headrulewidth}{0.4pt}
"""


@dataclass
class TexDocument:
    """A complete LaTeX source and the files it includes (figures), ready to compile or to write out."""

    source: str
    files: dict[str, bytes] = field(default_factory=dict)


def document(title: str, body: str, *, running_head: str = "", page_limit: int = 2000,
             title_page: str | None = None) -> str:
    """A complete document: the preamble, a running head, an optional title page, then ``body``."""
    head = untrusted_text(running_head or title, 120)
    return "\n".join([
        PREAMBLE,
        page_limit_hook(page_limit),
        rf"\fancyhead[L]{{\small\sffamily {head}}}",
        r"\fancyhead[R]{\small\sffamily\thepage}",
        r"\begin{document}",
        title_page if title_page is not None else "",
        body,
        r"\end{document}",
        "",
    ])


def title_page(title: str, subtitle: str, lines: list[str]) -> str:
    """A title page: ``title`` and ``subtitle`` are plain text (escaped), ``lines`` LaTeX paragraphs."""
    paragraphs = "\n\n".join(lines)
    return "\n".join([
        r"\begin{titlepage}\thispagestyle{empty}",
        r"\vspace*{3cm}\raggedright",
        rf"{{\sffamily\bfseries\Huge {untrusted_text(title, 300)}}}\par\vspace{{0.6cm}}",
        rf"{{\sffamily\Large {untrusted_text(subtitle, 300)}}}\par\vspace{{1.5cm}}",
        paragraphs,
        r"\vfill",
        r"\end{titlepage}",
    ])
