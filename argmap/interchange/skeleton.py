"""An Argdown map imported as a model skeleton: the source's structure, every number a placeholder.

Argdown holds statements and support/attack relations, no probabilities. Importing it gives
a model whose claims and links are the map's and whose numbers are all still to be elicited:

- one claim per statement or argument (its title, made an id, is the claim id; its text the
  statement; ``basis: report``; the heading above it as ``section``); states ``[true, false]``
  unless the element's data lists ``states``;
- a relation ``A +> B`` (or ``B <+ A``) makes ``A`` a parent of ``B`` with role ``supports``;
  ``->`` / ``<-`` make it ``undermines``; a relation that would close a cycle is dropped with
  a warning (a model is acyclic);
- the default forms, chosen so the roles hold and so there are few numbers to elicit: an input
  gets ``prior: 0.5`` (uniform over its states); a two-state claim whose parents all support it
  gets ``noisy_or`` (leak 0.1, each strength 0.5: one number per reason); any other claim gets
  a ``table`` whose rows move P(first state) by 0.4 / (number of parents) for each supporting
  parent in its first state and against it for each undermining one, from 0.5;
- every number carries a ``# placeholder`` comment, and each claim's ``note`` cites the source
  file and line and says its numbers are placeholders. The credence template (written beside
  the model by the CLI) lists every number to elicit.

Examples
--------
>>> imported = import_argdown_text('''
... [Pizza]: We should order pizza.
...   <+ [Cheap]: Pizza is cheap.
...   <- [Health]: Pizza is unhealthy.
... ''', name="lunch.argdown")
>>> claim = imported.model.claims["Pizza"]
>>> claim.parents, [link.role for link in claim.links], claim.kind
(('Cheap', 'Health'), ['supports', 'undermines'], 'table')
>>> claim.note.split(". ")[0]
'From lunch.argdown line 2 (statement [Pizza])'
>>> print(imported.report.summary())
imported 3 claims and 2 relations from lunch.argdown (Argdown) as a skeleton
every number is a placeholder: 6 parameters to elicit
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .._graphs import has_path
from ..credence_writer import credence_template
from ..errors import InputError
from ..loading import MAX_BYTES, load_model_text
from ..model import Model
from ..schema import ID_RE
from .argdown_reader import ArgdownMap, Element, Relation, parse_argdown
from .importing import check_model_id, read_network_text, safe_id
from .model_yaml import _comment, _key, _str

PRIOR, LEAK, STRENGTH, STEP = 0.5, 0.1, 0.5, 0.4
"""The placeholder numbers: prior, noisy-OR leak and strength, a table row's step."""
MARK = "  # placeholder"
PLACEHOLDER_NOTE = ("Placeholder numbers: Argdown holds no probabilities; elicit them (see the "
                    "credence template).")


@dataclass(frozen=True)
class ArgdownReport:
    """What an Argdown import did: counts, warnings by line, dropped relations."""

    source: str
    claims: int
    relations: int
    parameters: int
    warnings: tuple[tuple[int, str], ...] = ()

    def summary(self, limit: int = 20) -> str:
        """A few lines for people."""
        lines = [f"imported {self.claims} claims and {self.relations} relations from "
                 f"{self.source} (Argdown) as a skeleton",
                 f"every number is a placeholder: {self.parameters} parameters to elicit"]
        if self.warnings:
            lines.append(f"{len(self.warnings)} warning(s):")
            lines.extend(f"  {self.source}:{line}: {text}" for line, text in
                         self.warnings[:limit])
            if len(self.warnings) > limit:
                lines.append(f"  ... and {len(self.warnings) - limit} more")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"source": self.source, "format": "argdown", "claims": self.claims,
                "relations": self.relations, "parameters": self.parameters,
                "placeholders": True,
                "warnings": [{"line": n, "message": m} for n, m in self.warnings]}


@dataclass(frozen=True)
class ImportedArgdown:
    """An imported Argdown map: the skeleton model, its YAML, the credence template, the report."""

    model: Model
    text: str
    template: str
    report: ArgdownReport


def import_argdown(path: str | Path, *, model_id: str | None = None) -> ImportedArgdown:
    """Read an Argdown file as a model skeleton (see the module's description)."""
    text = read_network_text(path)
    return import_argdown_text(text, name=Path(path).name, model_id=model_id, where=str(path))


def _ids(elements: Sequence[Element]) -> dict[str, str]:
    ids: dict[str, str] = {}
    used: set[str] = set()
    for element in elements:
        base = element.title.replace(" ", "_")
        base = safe_id(base, "s" if element.kind == "statement" else "a")
        candidate, k = base, 2
        while candidate in used:
            candidate, k = f"{base}_{k}", k + 1
        used.add(candidate)
        ids[element.title] = candidate
    return ids


def _acyclic(relations: Sequence[Relation], warnings: list[tuple[int, str]]) -> list[Relation]:
    children: dict[str, list[str]] = {}
    kept: list[Relation] = []
    for rel in relations:
        if rel.source == rel.target:
            warnings.append((rel.line, f"[{rel.source}] relates to itself; dropped"))
        elif rel.target in children.get(rel.source, ()):
            warnings.append((rel.line, f"a second relation {rel.source} -> {rel.target}; "
                             "the first one is kept"))
        elif has_path(children, rel.target, rel.source):
            warnings.append((rel.line, f"{rel.source} -> {rel.target} would close a cycle "
                             "(a model is acyclic); dropped"))
        else:
            children.setdefault(rel.source, []).append(rel.target)
            kept.append(rel)
    return kept


def _states(element: Element, warnings: list[tuple[int, str]]) -> list[str]:
    states = element.data.get("states")
    if isinstance(states, list) and len(states) >= 2 and len(set(map(str, states))) == len(
            states) and all(ID_RE.fullmatch(str(s)) for s in states):
        return [str(s) for s in states]
    if states is not None:
        warnings.append((element.line, f"states {states!r} of [{element.title}] are not two or "
                         "more distinct ids; true/false used"))
    return ["true", "false"]


def import_argdown_text(text: str, *, name: str = "<argdown>", model_id: str | None = None,
                        where: str | None = None) -> ImportedArgdown:
    """Like :func:`import_argdown`, from the file's text (``name`` is cited in every note;
    problems name ``where``, by default ``name``)."""
    check_model_id(model_id)
    parsed = parse_argdown(text)
    where = where or name
    if not parsed.elements:
        raise InputError.single(where, "no statements found (expected Argdown statements "
                                "such as [Title]: text)", code="syntax")
    warnings = list(parsed.warnings)
    relations = _acyclic(parsed.relations, warnings)
    writer = _Skeleton(parsed, relations, _ids(parsed.elements), name, warnings)
    yaml_text = writer.yaml(model_id or safe_id(Path(name).stem, "m"))
    if len(yaml_text.encode("utf-8")) > MAX_BYTES:
        raise InputError.single(where, "the imported model would exceed argmap's limit for "
                                f"model files ({MAX_BYTES:,} bytes)", code="limit")
    model = load_model_text(yaml_text, name=f"{where} (imported)")
    template = _template(model, name)
    report = ArgdownReport(name, len(model.claims), len(relations), len(model.parameters),
                           tuple(sorted(warnings)))
    return ImportedArgdown(model, yaml_text, template, report)


def _template(model: Model, name: str) -> str:
    body = credence_template(model, note=f"Placeholders from the skeleton of {name}: replace "
                             "each value with your own credence.")
    head = [f"# Every value below is a PLACEHOLDER written by `argmap import {name}`:",
            "# the Argdown map gives the structure, the numbers are yours to elicit."]
    return "\n".join(head) + "\n" + body


@dataclass
class _Skeleton:
    parsed: ArgdownMap
    relations: list[Relation]
    ids: dict[str, str]
    source: str
    warnings: list[tuple[int, str]]

    def yaml(self, model_id: str) -> str:
        elements = {e.title: e for e in self.parsed.elements}
        states = {t: _states(e, self.warnings) for t, e in elements.items()}
        parents: dict[str, list[tuple[str, str | None]]] = {t: [] for t in elements}
        for rel in self.relations:
            parents[rel.target].append((rel.source, rel.role))
        for title, element in elements.items():  # our own exports list the rest as data
            for key, role in (("moderated_by", "moderates"), ("linked_from", None)):
                for other in element.data.get(key) or []:
                    found = next((t for t in elements if self.ids[t] == other), None)
                    if found and found not in {p for p, _ in parents[title]}:
                        parents[title].append((found, role))
        title = self.parsed.title or Path(self.source).name
        description = (f"The structure of {self.source}; every number is a placeholder "
                       "(Argdown holds no probabilities).")
        lines = [
            f"# Imported by `argmap import` from {_comment(self.source)} (Argdown) as a SKELETON:",
            "# the claims and links are the map's; every number is a placeholder to elicit.",
            "argmap: 1",
            f"id: {_key(model_id)}",
            f"title: {_str(title)}",
            f"description: {_str(description)}",
            f"source: {{title: {_str(title)}}}",
        ]
        output = self._output(elements, parents, states)
        lines.append(f"output: {{claim: {_key(self.ids[output[0]])}, state: {_key(output[1])}}}")
        lines.append("claims:")
        for t, element in elements.items():
            lines.extend(self._claim(element, states, parents[t]))
        return "\n".join(lines) + "\n"

    def _output(self, elements: dict[str, Element], parents: dict[str, list[Any]],
                states: dict[str, list[str]]) -> tuple[str, str]:
        for t, element in elements.items():
            wanted = element.data.get("output")
            if wanted is not None and str(wanted) in states[t]:
                return t, str(wanted)
        children = {p for ps in parents.values() for p, _ in ps}
        sinks = [t for t in elements if t not in children and parents[t]]
        chosen = sinks[0] if sinks else next(iter(elements))
        return chosen, states[chosen][0]

    def _claim(self, element: Element, states: dict[str, list[str]],
               parents: list[tuple[str, str | None]]) -> list[str]:
        cid, own = self.ids[element.title], states[element.title]
        what = "statement [" if element.kind == "statement" else "argument <"
        close = "]" if element.kind == "statement" else ">"
        text = element.data.get("statement") if isinstance(
            element.data.get("statement"), str) else None
        cite = f"From {self.source} line {element.line} ({what}{element.title}{close})."
        lines = [f"  {_key(cid)}:", f"    statement: {_str(text or element.text or element.title)}",
                 f"    states: [{', '.join(_key(s) for s in own)}]", "    basis: report"]
        if element.section:
            lines.append(f"    section: {_str(element.section)}")
        if isinstance(element.data.get("says"), str):
            lines.append(f"    says: {_str(element.data['says'])}")
        lines.append(f"    note: {_str(f'{cite} {PLACEHOLDER_NOTE}')}")
        if not parents:
            if len(own) == 2:
                return [*lines, f"    prior: {PRIOR}{MARK}"]
            each = ", ".join(f"{_key(s)}: {1 / len(own)!r}" for s in own)
            return [*lines, f"    prior: {{{each}}}{MARK}"]
        lines.append("    parents:")
        for parent, role in parents:
            lines.append(f"      {_key(self.ids[parent])}: {role or 'null'}")
        if len(own) == 2 and all(role == "supports" for _, role in parents):
            lines.append("    noisy_or:")
            lines.append(f"      leak: {LEAK}{MARK}")
            inner = ", ".join(f"{_key(self.ids[p])}: {STRENGTH}" for p, _ in parents)
            return [*lines, f"      strengths: {{{inner}}}{MARK}"]
        return lines + self._table(own, parents, states)

    def _table(self, own: list[str], parents: list[tuple[str, str | None]],
               states: dict[str, list[str]]) -> list[str]:
        lines = ["    table:"]
        cards = [len(states[p]) for p, _ in parents]
        directional = sum(1 for _, role in parents if role in ("supports", "undermines"))
        step = STEP / max(directional, 1)
        for combo in np.ndindex(*cards):
            shift = sum((1 if role == "supports" else -1 if role == "undermines" else 0)
                        for (_, role), s in zip(parents, combo, strict=True) if s == 0)
            first = round(0.5 + step * shift, 12)
            when = ", ".join(f"{_key(self.ids[p])}: {_key(states[p][s])}"
                             for (p, _), s in zip(parents, combo, strict=True))
            if len(own) == 2:
                p_text = repr(first)
            else:
                rest = (1 - first) / (len(own) - 1)
                p_text = "{" + ", ".join(f"{_key(s)}: {first if i == 0 else rest!r}"
                                         for i, s in enumerate(own)) + "}"
            lines.append(f"      - {{when: {{{when}}}, p: {p_text}}}{MARK}")
        return lines
