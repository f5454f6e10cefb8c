"""Hostile answers shared by the channel tests and the fuzz benchmark: code injection (Python, shell, Maxima, TeX),
file-reading TeX, bombs (exponents, digits, nesting, length), delimiter runs, control and direction characters."""
from __future__ import annotations

CANARY = "/tmp/derive_canary"

HOSTILE_ANSWERS: dict[str, str] = {
    "python import": f'__import__("os").system("touch {CANARY}")',
    "python eval": "eval(open('/etc/passwd').read())",
    "shell substitution": f"$(touch {CANARY})",
    "shell backticks": f"`touch {CANARY}`",
    "shell chain": "; rm -rf ~",
    "maxima system": f'system("touch {CANARY}")$',
    "maxima lisp": ':lisp (run-shell-command "id")',
    "tex input": r"\input{/etc/passwd}",
    "tex include": r"\include{/etc/shadow}",
    "tex openin": r"\openin5=/etc/passwd",
    "tex write18": rf"\write18{{touch {CANARY}}}",
    "tex csname": r"\csname input\endcsname{/etc/passwd}",
    "tex recursive macro": r"\def\x{\x}\x",
    "tower of exponents": "10^{10^{10^{10}}}",
    "long integer": "9" * 9000,
    "deep parentheses": "(" * 5000 + "x" + ")" * 5000,
    "deep fractions": r"\frac{" * 2000 + "1" + "}" * 2000,
    "unclosed inline math": "\\(" * 20000,
    "dollar run": "$" * 20000,
    "long answer": "x" * 300_000,
    "control characters": "\x00\x01\x02\x1b[31m1",
    "direction override": "\u202e1+1",
    "huge root": r"\sqrt[10^{100}]{2}",
    "factorial run": "100!" * 50,
    "left run": r"\left(" * 3000,
    "matrix run": r"\begin{matrix}" * 500,
}
