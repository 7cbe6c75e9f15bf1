"""Shared helpers for the export and import tests (no tests here).

- :func:`js_parse` runs Argdown's reference parser (``@argdown/core``) and Mermaid's parser
  (under jsdom) on many texts in one node process. ``npm install`` into ``tests/js`` runs once
  per session. Without npm the tests that need it skip with the reason, except in CI
  (``CI=true``), where they fail.
- :func:`svg_nodes` reads Graphviz SVG back: each node's tooltip and label lines.
- :func:`models` is a hypothesis strategy for valid models with arbitrary Unicode text.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from argmap.loading import load_model_text
from argmap.model import Model

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "tests" / "js"
ENGINES = ["dot", "graphviz-pure"]  # the Graphviz engines the diagram tests run on
SPRINKLER = ROOT / "models" / "examples" / "sprinkler.yaml"
SCHEMING = ROOT / "models" / "scheming.yaml"
EXAMPLES = Path(__import__("pgmpy").__file__).parent / "utils" / "example_models"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"

NASTY = [
    'He said "no" \\ and left',
    "<script>alert('x')</script> & &amp; &lt;",
    "{braces} } [brackets] ] <angles> # hash @[mention] <arg>: [def]:",
    "+> [a]\n-> [b]\n<- c\n  <+ d",
    "line one\nline two\n\nthree\u2028four",
    "\\N \\G \\L \\n \\l \\\\ end\\",
    "U.S.A. e.g. :smile: .A. === // /* c */ <!-- x -->",
    "#quot; #35; &#35; `code` *em* _u_ **b**",
    "émigré 中文 العربية 😀 \u200b\u00a0\u2028\u3000",
    "ctl \u00ad\u200e\u200f\ufeff\u2060 tab\there",  # controls proper are refused at load
    "%41 %% 100% a=b; c = d",
    "node x potential ( data = states = net {",
    " leading and trailing ",
    "fa:fa-car end graph subgraph style classDef click",
]


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``argmap ARGS`` in this process: (exit code, stdout, stderr)."""
    from argmap.cli import main

    try:
        main([str(a) for a in args])
        code = 0
    except SystemExit as done:
        code = int(done.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def ci() -> bool:
    """True on a CI runner (``CI=true``), where nothing may be skipped."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@functools.lru_cache(maxsize=1)
def _install() -> str | None:
    """``npm install`` in tests/js once per session; the reason it cannot, or None."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node:
        return "node and npm are not installed (apt-get install nodejs npm)"
    done = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--prefer-offline"],
        cwd=JS, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        return f"npm install failed in tests/js: {done.stderr[-800:]}"
    return None


def need_js() -> None:
    """Skip (locally) or fail (in CI) when the JavaScript parsers cannot run."""
    reason = _install()
    if reason is None:
        return
    if ci():
        pytest.fail(f"{reason}; CI must run the Argdown and Mermaid parser checks")
    pytest.skip(f"{reason}; the Argdown and Mermaid parser checks need them")


def js_parse(items: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Parse ``[{"kind": "argdown" | "mermaid", "text": ...}]`` in one node process."""
    need_js()
    done = subprocess.run(
        ["node", str(JS / "check.mjs")],
        input=json.dumps(items).encode("utf-8"),
        capture_output=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-3000:]
    results: list[dict[str, Any]] = json.loads(done.stdout)
    assert len(results) == len(items)
    return results


def spaces(text: str | None) -> str | None:
    """Graphviz writes a run of spaces as space + no-break spaces (so SVG keeps them); undo it
    (on both sides of a comparison)."""
    if text is None:
        return None
    while " \xa0" in text:
        text = text.replace(" \xa0", "  ")
    return text


def svg_nodes(svg: bytes | str) -> dict[str, dict[str, Any]]:
    """Graphviz SVG (parsed as XML, so it must be well formed) -> node id -> tooltip, lines."""
    root = ET.fromstring(svg.encode("utf-8") if isinstance(svg, str) else svg)
    nodes: dict[str, dict[str, Any]] = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != "node":
            continue
        title = group.find(f"{SVG}title")
        assert title is not None
        anchor = next((a for a in group.iter(f"{SVG}a") if a.get(f"{XLINK}title")), None)
        nodes[title.text or ""] = {
            "tooltip": spaces(anchor.get(f"{XLINK}title")) if anchor is not None else None,
            "lines": [spaces(t.text or "") for t in group.iter(f"{SVG}text")],
        }
    return nodes


def cluster_labels(svg: bytes | str) -> list[str]:
    """The label text of every cluster in Graphviz SVG."""
    root = ET.fromstring(svg.encode("utf-8") if isinstance(svg, str) else svg)
    labels = []
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "cluster":
            labels.append("\n".join(spaces(t.text or "") or "" for t in group.iter(f"{SVG}text")))
    return labels


# --- hypothesis: valid models with arbitrary text -----------------------------------------

def one_line(text: str) -> str:
    """``text`` for a one-line field (title, short, section): newline and tab as spaces."""
    return text.replace("\n", " ").replace("\t", " ")


_BIDI = "".join(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
_CHARS = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters=_BIDI)
"""Any character a text field may hold (controls, bidi overrides and surrogates are refused)."""
def _visible(text: str) -> bool:
    """Text with something to draw: whitespace alone is no label (Graphviz writes no <text>
    for it, so the SVG has no line to read back), and newlines alone are an empty statement."""
    return bool(text.strip())


TEXT = st.one_of(
    st.sampled_from(NASTY).map(one_line),
    st.text(_CHARS, min_size=1, max_size=50),
    st.text(st.characters(codec="ascii", exclude_categories=("Cc",)), min_size=1, max_size=40),
).filter(_visible)
"""Text for a one-line field."""
MULTILINE_TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.one_of(_CHARS, st.sampled_from("\n\t")), min_size=1, max_size=50),
).filter(_visible)
"""Text for a field that may span lines (statement, note)."""
IDS = st.one_of(
    st.sampled_from(["end", "o", "x", "graph", "subgraph", "style", "default", "node", "net",
                     "data", "potential", "table", "property", "variable", "network", "true"]),
    st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,8}", fullmatch=True),
)  # fmt: skip
ROLES = st.sampled_from(["supports", "undermines", "moderates", None])


_YAML_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def yaml_str(text: str) -> str:
    """Any text (no lone surrogates) as a YAML double-quoted string."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _YAML_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


_q = yaml_str


@st.composite
def models(draw: st.DrawFn) -> Model:
    """A valid model: 1-6 claims, arbitrary statements, notes, sections and group titles."""
    ids = draw(st.lists(IDS, min_size=1, max_size=6, unique_by=str.lower))
    groups = draw(st.lists(TEXT, min_size=0, max_size=2))
    lines = ["id: generated", f"title: {_q(draw(TEXT))}"]
    if groups:
        lines.append("groups:")
        lines.extend(f"  - {{id: g{i}, title: {_q(t)}}}" for i, t in enumerate(groups))
    lines.append("claims:")
    for i, cid in enumerate(ids):
        lines.append(f"  {cid}:")
        lines.append(f"    statement: {_q(draw(MULTILINE_TEXT))}")
        if draw(st.booleans()):
            lines.append(f"    note: {_q(draw(MULTILINE_TEXT))}")
        if draw(st.booleans()):
            lines.append(f"    section: {_q(draw(TEXT))}")
        if groups and draw(st.booleans()):
            lines.append(f"    group: g{draw(st.integers(0, len(groups) - 1))}")
        parents = draw(st.lists(st.sampled_from(ids[:i]), max_size=2, unique=True)) if i else []
        if not parents:
            lines.append(f"    prior: {draw(st.sampled_from([0.0, 0.1, 0.5, 0.93, 1.0]))}")
            continue
        roles = [draw(ROLES) for _ in parents]
        entries = ", ".join(f"{p}: {r or 'null'}" for p, r in zip(parents, roles, strict=True))
        lines.append(f"    parents: {{{entries}}}")
        lines.append("    table:")
        sign = {"supports": 0.2, "undermines": -0.2, "moderates": 0.05, None: -0.05}
        for combo in range(2 ** len(parents)):
            active = [(combo >> (len(parents) - 1 - k)) & 1 == 0 for k in range(len(parents))]
            p = 0.5 + sum(sign[r] for r, a in zip(roles, active, strict=True) if a)
            when = ", ".join(
                f'{q}: "{"true" if a else "false"}"' for q, a in zip(parents, active, strict=True)
            )
            lines.append(f"      - {{when: {{{when}}}, p: {p!r}}}")
    return load_model_text("\n".join(lines) + "\n", name="generated.yaml")


def nasty_chain(header: Sequence[str], fields: Callable[[str], list[str]]) -> Model:
    """A chain c0 -> c1 -> ... with one claim per :data:`NASTY` text and every role in turn.

    ``header`` are the model's top lines (id, title, groups); ``fields(text)`` the claim's
    text fields as YAML lines (statement, note, ...).
    """
    lines = [*header, "claims:"]
    for i, text in enumerate(NASTY):
        lines += [f"  c{i}:", *fields(text)]
        if i == 0:
            lines.append("    prior: 0.3")
            continue
        role = ["supports", "undermines", "moderates", None][i % 4]
        lines += [f"    parents: {{c{i - 1}: {role or 'null'}}}", "    table:"]
        up = {"supports": 0.3, "undermines": -0.3, "moderates": 0.1, None: -0.1}[role]
        lines += [f"      - {{when: {{c{i - 1}: 'true'}}, p: {0.5 + up}}}",
                  f"      - {{when: {{c{i - 1}: 'false'}}, p: 0.5}}"]
    return load_model_text("\n".join(lines) + "\n", name="nasty.yaml")
