"""The glossary: every term a page links exists, and the Glossary page shows each under its
own anchor."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from argmap.ui.glossary import TERMS, tip

ROOT = Path(__file__).resolve().parents[2]
USED = re.compile(r"glossary\.tip\(\s*['\"]([^'\"]+)['\"]")


def test_every_term_a_page_uses_is_defined() -> None:
    used = {m for f in (ROOT / "ui").rglob("*.py") for m in USED.findall(f.read_text())}
    assert used, "pages link the glossary"
    assert used <= set(TERMS), used - set(TERMS)
    for slug in ("leak", "noisy-or", "noisy-and", "do", "sobol", "shapley", "kl", "voi"):
        assert slug in TERMS  # the terms the issue names


def test_tips() -> None:
    assert tip("kl").startswith("**KL divergence**: ")


def test_the_page_lists_every_term_with_its_anchor() -> None:
    at = AppTest.from_file(str(ROOT / "ui" / "streamlit_app.py"), default_timeout=60).run()
    at.switch_page("views/glossary.py")
    at.run()
    assert not at.exception
    headings = {h.proto.anchor: h.value for h in at.subheader if h.proto.anchor}
    assert headings == {slug: term.title for slug, term in TERMS.items()}
