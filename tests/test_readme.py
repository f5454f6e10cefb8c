"""The README's Python examples run as printed, and each ``expression  # value`` line shows what it gives."""
from __future__ import annotations

import ast
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def checked_script(block: str) -> str:
    """The block with every top-level ``expression  # value`` line turned into a check of that value."""
    lines = []
    for line in block.splitlines():
        code, _, comment = line.partition("  #")
        shown = comment.strip()
        try:
            statement = ast.parse(code.strip()).body if code.strip() and not line.startswith(" ") else []
        except SyntaxError:
            statement = []
        if len(statement) == 1 and isinstance(statement[0], ast.Expr) and shown:
            lines.append(f"_value = {code.strip()}")
            lines.append(f"assert {shown!r} in (repr(_value), str(_value)), (repr(_value), {shown!r})")
        else:
            lines.append(line)
    return "\n".join(lines)


def test_the_readme_python_examples_run_and_show_their_values(tmp_path):
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert len(blocks) >= 2
    for number, block in enumerate(blocks):
        script = tmp_path / f"readme_{number}.py"
        script.write_text(checked_script(block))
        assert script.read_text().count("assert ") >= 2, "the block shows values to check"
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
        assert done.returncode == 0, f"README block {number + 1}:\n{done.stderr[-2000:]}"
