"""Checks a model file and a credence file share, each reporting to an errors.Collector.

- :func:`state_index`: a state named for a claim is one of its states;
- :func:`check_parent` and :func:`check_when`: a table row's ``when`` names parents of the claim
  and their states (in a model's table and in a credence file's rows);
- :func:`text_problems`: every user-text field (statement, title, note...) holds only text a
  terminal, a diagram and a file can show (see :func:`argmap.errors.bad_char`);
- :func:`parse_numbers`: every number of a claim parses (used while resolving, and on a model
  whose structure is broken so that bad numbers are reported with the structural problems).

>>> from argmap.errors import Collector
>>> out = Collector("c.yaml")
>>> check_when(out, ("when",), "wet", {"rain": "yes"}, {"rain": ("true", "false")}) is None
True
>>> print(out.problems[0], out.problems[0].code)
c.yaml: unknown state 'yes' of 'rain' (expected one of ['true', 'false']) unknown-state
>>> check_when(out, ("when",), "wet", {"rain": "false"}, {"rain": ("true", "false")})
((0, 1),)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .errors import Collector, Loc, bad_char, char_name, did_you_mean, unknown_state
from .values import BadValue, Value, parse_distribution, parse_value


def state_index(
    out: Collector, loc: Loc, owner: str, states: Sequence[str], state: str
) -> int | None:
    """The index of ``state`` among the ``states`` of claim ``owner``; else a problem, None."""
    if state in states:
        return list(states).index(state)
    out.add(loc, unknown_state(state, owner, states), code="unknown-state")
    return None


def check_parent(out: Collector, loc: Loc, cid: str, name: str, parents: Sequence[str]) -> bool:
    """True if ``name`` is a parent of ``cid``; else a problem and False."""
    if name in parents:
        return True
    out.add(loc, f"{name!r} is not a parent of {cid!r}{did_you_mean(name, parents)} "
            f"(expected one of {list(parents)})", code="not-a-parent")
    return False


def check_when(
    out: Collector,
    loc: Loc,
    cid: str,
    when: Mapping[str, str],
    states_of: Mapping[str, Sequence[str]],
    *,
    quiet: bool = False,
) -> tuple[tuple[int, int], ...] | None:
    """A table row's ``when`` as sorted (parent index, state index) pairs, or None after
    reporting each name that is not a parent of ``cid`` (``states_of`` holds the parents, in
    order) or not a state of one. ``quiet``: unknown parents are already reported elsewhere.
    """
    parents = list(states_of)
    fixed: list[tuple[int, int]] = []
    for parent, state in when.items():
        if (quiet and parent not in parents) or not check_parent(
            out, (*loc, parent), cid, parent, parents
        ):
            continue
        index = state_index(out, (*loc, parent), parent, states_of[parent], state)
        if index is not None:
            fixed.append((parents.index(parent), index))
    return tuple(sorted(fixed)) if len(fixed) == len(when) else None


def parse_numbers(
    cid: str, claim: Mapping[str, Any], states: Sequence[str], out: Collector
) -> dict[Loc, Value]:
    """Every number a claim's entry sets (prior, table cells, leaks, strengths), parsed and
    keyed by its location; each bad one is reported. ``claim`` is the claim's plain mapping,
    so this also checks the numbers of a file whose structure is broken."""
    found: dict[Loc, Value] = {}

    def parse(loc: Loc, raw: Any, scalar: bool) -> None:
        try:
            found[loc] = parse_value(raw) if scalar else parse_distribution(raw, states)
        except BadValue as err:
            out.add(loc, str(err), code=err.code)

    base: Loc = ("claims", cid)
    if claim.get("prior") is not None:
        parse((*base, "prior"), claim["prior"], False)
    stated = claim.get("stated")
    if isinstance(stated, Mapping) and stated.get("p") is not None:
        parse((*base, "stated", "p"), stated["p"], False)
    rows = claim.get("table")
    for r, row in enumerate(rows if isinstance(rows, list) else ()):
        if isinstance(row, Mapping) and "p" in row:
            parse((*base, "table", r, "p"), row["p"], False)
    for form in ("noisy_or", "noisy_and"):
        noisy = claim.get(form)
        if not isinstance(noisy, Mapping):
            continue
        if "leak" in noisy:
            parse((*base, form, "leak"), noisy["leak"], True)
        strengths = noisy.get("strengths")
        for parent, raw in strengths.items() if isinstance(strengths, Mapping) else ():
            parse((*base, form, "strengths", parent), raw, True)
    return found


# The user-text fields of each file kind: a path ("*" is every value of a mapping, "#" every item
# of a list) and whether the text may span lines (newline and tab allowed).
_CLAIM_TEXT = (("statement", True), ("short", False), ("says", True), ("note", True),
               ("section", False), ("stated", "source", True))
MODEL_TEXT: tuple[tuple[Any, ...], ...] = (
    ("title", False), ("description", True),
    ("source", "title", False), ("source", "author", False), ("source", "url", False),
    ("output", "note", True), ("groups", "#", "title", False),
    *(("claims", "*", *field) for field in _CLAIM_TEXT),
)
CREDENCE_TEXT: tuple[tuple[Any, ...], ...] = (("author", False), ("note", True))


def text_problems(out: Collector, data: Any, fields: Sequence[tuple[Any, ...]]) -> None:
    r"""Report each user-text field of ``data`` (a parsed file) holding a character that text
    may not hold: a control character, a bidi override or a lone surrogate. YAML's escapes
    (``"\x1b"``, ``"\u202e"``) get past the reader's check of the raw file; this sees the text.

    >>> out = Collector("m.yaml")
    >>> text_problems(out, {"title": "T", "claims": {"a": {"statement": "x\u202e"}}}, MODEL_TEXT)
    >>> out.problems[0].message[:45], out.problems[0].loc, out.problems[0].code
    ("bidirectional control U+202E in 'statement' (", ('claims', 'a', 'statement'), 'bad-text')
    """
    for field in fields:
        *path, multiline = field
        for loc, value in _walk(data, tuple(path), ()):
            if not isinstance(value, str):
                continue  # the schema reports a wrong type
            # A block scalar's final newline is not part of the text (schema.Text strips it).
            ch = bad_char(value.rstrip("\n"), multiline=bool(multiline))
            if ch is not None:
                allowed = ("newlines and tabs are allowed here" if multiline
                           else "one line, without tabs")
                out.add(loc, f"{char_name(ch)} in {loc[-1]!r} (expected printable text; "
                        f"{allowed})", code="bad-text")


def _walk(node: Any, path: tuple[Any, ...], loc: Loc) -> Any:
    if not path:
        yield loc, node
        return
    head, rest = path[0], path[1:]
    if head == "*" and isinstance(node, dict):
        for key, child in node.items():
            yield from _walk(child, rest, (*loc, key))
    elif head == "#" and isinstance(node, list):
        for i, child in enumerate(node):
            yield from _walk(child, rest, (*loc, i))
    elif isinstance(node, dict) and head in node:
        yield from _walk(node[head], rest, (*loc, head))
