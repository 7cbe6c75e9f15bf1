"""README.md's Python example, read from the README itself (so tests never copy it)."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_python() -> str:
    """The first ```python block under the README's "From Python" heading."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## From Python"):]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "README.md: no python example under From Python"
    return match.group(1)
