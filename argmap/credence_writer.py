"""Writing credence files: a commented template, and edits that keep a person's comments.

Examples
--------
>>> from argmap.loading import load_model
>>> from argmap.credences import load_credences_text
>>> from argmap.values import Point
>>> model = load_model("models/examples/sprinkler.yaml")
>>> text = credence_template(model, author="Me")
>>> cred = load_credences_text(text, model)
>>> len(cred.values) == len(model.parameters)
True
>>> edited = update_credences_text("model: sprinkler\\ncredences:\\n  cloudy: 0.5  # mine\\n",
...                                model, {"cloudy": Point(0.25)})
>>> print(edited, end="")
model: sprinkler
credences:
  cloudy: 0.25 # mine
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .errors import InputError, UnknownNameError, did_you_mean
from .loading import parse_yaml
from .model import Model, Parameter
from .values import Dirichlet, Interval, MeanSd, Point, PointDist, Value


def value_text(value: Value, states: tuple[str, ...]) -> str:
    """A value as inline YAML text.

    >>> value_text(Point(0.3), ("true", "false"))
    '0.3'
    >>> value_text(PointDist((0.2, 0.8, 0.0)), ("a", "b", "c"))
    '{a: 0.2, b: 0.8, c: 0.0}'
    """
    if isinstance(value, PointDist):
        inner = ", ".join(f"{s}: {_num(v)}" for s, v in zip(states, value.values, strict=True))
        return "{" + inner + "}"
    data = value.to_yaml()
    if isinstance(data, float | int):
        return _num(float(data))
    if isinstance(data, list):
        return "[" + ", ".join(_num(x) for x in data) + "]"
    if isinstance(data, dict):
        return "{" + ", ".join(f"{k}: {_num(v)}" for k, v in data.items()) + "}"
    return str(data)


def _num(x: float) -> str:
    return repr(float(x))


_YAML_BAD = re.compile("[\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff\u2028\u2029]")


def yaml_quote(text: str | None) -> str:
    """Any text as one YAML double-quoted scalar: JSON's escapes (newlines, quotes, control
    characters), and YAML's ``\\uXXXX`` for what YAML would not take raw. Whatever the text,
    it stays one value: it can never start a key of its own.

    >>> print(yaml_quote('a\\nb: "c" # d'))
    "a\\nb: \\"c\\" # d"
    """
    quoted = json.dumps(text or "", ensure_ascii=False)
    return _YAML_BAD.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


_quote = yaml_quote


def one_line(text: str) -> str:
    """``text`` if it is one line of printable text, else its Python ``repr`` (escaped).

    >>> one_line("a.yaml"), one_line("a\\nb")
    ('a.yaml', "'a\\\\nb'")
    """
    return text if text.isprintable() else repr(text)


def check_line(argument: str, text: str, *, limit: int = 1000) -> None:
    """An :class:`InputError` on ``argument`` unless ``text`` is one line of printable text
    (no newline, tab or control character) of at most ``limit`` characters."""
    if not text.isprintable():
        raise InputError.argument(
            argument, f"bad text {text!r} (expected one line of printable text)",
            code="bad-value",
        )
    if len(text) > limit:
        raise InputError.argument(
            argument, f"text too long ({len(text)} characters; expected at most {limit})",
            code="limit",
        )


def _comment(text: str) -> str:
    return " ".join(text.split())


def credence_template(
    model: Model,
    overrides: Mapping[str, Value] | None = None,
    *,
    author: str = "",
    note: str = "",
) -> str:
    """A commented credence file holding every settable number at its current value."""
    check_line("author", author)
    check_line("note", note)
    values = {pid: (overrides or {}).get(pid, p.value) for pid, p in model.parameters.items()}
    lines = [
        f"# Credences for {_comment(model.title)} (model: {model.id})",
        "# Every settable number of the model, at its current value. Change what you believe;",
        "# a value is a probability in [0, 1], beta(a, b), an interval [lo, hi] or",
        "# {mean: m, sd: s}; dirichlet(...) for a whole distribution over three or more states.",
        "argmap: 1",
        f"model: {model.id}",
        f"author: {_quote(author)}",
        f"date: {dt.date.today().isoformat()}",
        f"note: {_quote(note)}",
        "credences:",
    ]
    for cid, claim in model.claims.items():
        params = model.parameters_of(cid)
        if not params:
            continue
        where = f" (section {claim.section})" if claim.section else ""
        lines.append(f"  # {cid}: {_comment(claim.statement)}{where}")
        if claim.kind == "prior":
            lines.append(f"  {cid}: {value_text(values[cid], params[0].states)}")
        elif claim.kind == "table":
            lines.append(f"  {cid}:  # P({cid}={claim.states[0]}) per row" if len(claim.states) == 2
                         else f"  {cid}:")
            for param in params:
                pairs = (param.when or {}).items()
                inline = "{" + ", ".join(f"{k}: {_state(v)}" for k, v in pairs) + "}"
                lines.append(f"    - when: {inline}")
                lines.append(f"      p: {value_text(values[param.id], param.states)}")
        else:
            lines.append(f"  {cid}:")
            for param in params:
                text = value_text(values[param.id], param.states)
                lines.append(f"    {param.key}: {text}  # {param.label}")
    return "\n".join(lines) + "\n"


def _state(name: str) -> str:
    """Quote state names YAML would read as something else (true, false, null, numbers)."""
    special = ("true", "false", "null", "yes", "no", "on", "off")
    if name.lower() in special or not name.isidentifier():
        return json.dumps(name)
    return name


def _node(value: Value, states: tuple[str, ...]) -> Any:
    if isinstance(value, PointDist):
        node = CommentedMap(zip(states, value.values, strict=True))
        node.fa.set_flow_style()
        return node
    if isinstance(value, Interval):
        seq = CommentedSeq([value.lo, value.hi])
        seq.fa.set_flow_style()
        return seq
    if isinstance(value, MeanSd):
        node = CommentedMap([("mean", value.mean_value), ("sd", value.sd_value)])
        node.fa.set_flow_style()
        return node
    if isinstance(value, Point):
        return value.value
    if isinstance(value, Dirichlet):
        return value.to_yaml()
    return value.to_yaml()


def update_credences_text(text: str, model: Model, values: Mapping[str, Value]) -> str:
    """Set ``values`` in credence ``text``, keeping comments, key order, quotes, indentation
    and other entries."""
    unknown = [pid for pid in values if pid not in model.parameters]
    if unknown:
        near = did_you_mean(unknown[0], model.parameters)
        raise UnknownNameError.argument(
            "values",
            f"unknown parameter {unknown[0]!r}{near} (expected a parameter of model {model.id!r})",
            code="unknown-parameter",
        )
    root = parse_yaml(text, "<credences>")
    if not isinstance(root, CommentedMap):
        root = CommentedMap([("model", model.id)])
    cred = root.get("credences")
    if not isinstance(cred, CommentedMap):
        cred = CommentedMap()
        root["credences"] = cred
    for pid, value in values.items():
        param = model.parameters[pid]
        _place(cred, model, param, _node(value, param.states))
    out = io.StringIO()
    yaml = YAML(typ="rt")
    yaml.width = 4096  # never re-wrap a person's lines
    mapping, offset = guess_indent(text)
    yaml.indent(mapping=mapping, sequence=mapping + offset, offset=offset)
    yaml.dump(root, out)
    return out.getvalue()


def guess_indent(text: str) -> tuple[int, int]:
    """How a YAML text indents: (mapping indent, offset of a list's dash under its key).

    >>> guess_indent("a:\\n    b: 1\\nc:\\n  - 1\\n")
    (4, 2)
    >>> guess_indent("a:\\n- 1\\n")
    (2, 0)
    """
    mapping = offset = None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for line, after in zip(lines, lines[1:], strict=False):
        if not re.match(r"^ *[^\s-][^#]*:\s*(#.*)?$", line):
            continue
        outer = len(line) - len(line.lstrip(" "))
        inner = len(after) - len(after.lstrip(" "))
        if after.lstrip(" ").startswith("- ") and inner >= outer:
            offset = inner - outer if offset is None else offset
        elif inner > outer and mapping is None:
            mapping = inner - outer
    return mapping or 2, 2 if offset is None else offset


def _place(cred: CommentedMap, model: Model, param: Parameter, node: Any) -> None:
    claim = model.claims[param.claim]
    if param.id in cred:
        cred[param.id] = node
        return
    if claim.kind == "prior":
        cred[param.claim] = node
        return
    if claim.kind == "table":
        rows = cred.get(param.claim)
        if not isinstance(rows, list):
            rows = CommentedSeq()
            cred[param.claim] = rows
        pairs = dict(param.when or {})
        for row in rows:
            if isinstance(row, dict) and _when(row.get("when")) == pairs:
                row["p"] = node
                return
        when_node = CommentedMap(
            (k, DoubleQuotedScalarString(v) if _state(v) != v else v) for k, v in pairs.items()
        )
        when_node.fa.set_flow_style()
        rows.append(CommentedMap([("when", when_node), ("p", node)]))
        return
    entry = cred.get(param.claim)
    if not isinstance(entry, CommentedMap):
        entry = CommentedMap()
        cred[param.claim] = entry
    key = str(param.key)
    strengths = entry.get("strengths")
    if key != "leak" and isinstance(strengths, dict) and key in strengths:
        strengths[key] = node
    else:
        entry[key] = node


def _when(node: Any) -> dict[str, str]:
    if not isinstance(node, dict):
        return {}
    result = {}
    for k, v in node.items():
        key = ("true" if k else "false") if isinstance(k, bool) else str(k)
        val = ("true" if v else "false") if isinstance(v, bool) else str(v)
        result[key] = val
    return result
