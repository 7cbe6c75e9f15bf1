"""The import pipeline: a network file (BIF, XMLBIF, Hugin NET) -> an argmap model (readable YAML).

Networks from GeNIe, Netica, Hugin and the bnlearn repository become ordinary argmap models:
one claim per variable, its states from the file, its statement the variable's label (or its
name), ``basis: interpretation`` and a note saying where it came from; every table is written
as readable ``when`` rows. Files written by argmap (see :mod:`argmap.interchange.properties`)
get their claims' text, roles and provenance back exactly.

The steps: the file's text (gzip looked through, size limited) -> the format's reader
(:mod:`argmap.interchange.codecs`) -> :class:`NetworkData` -> checked tables and valid ids ->
YAML (:mod:`argmap.interchange.model_yaml`) -> a validated :class:`Model`. Every problem is an
:class:`InputError` located in the file, with a :data:`argmap.errors.Code`.

Names that are not argmap ids are mapped deterministically (``"1"`` -> ``s_1``,
``"high-risk"`` -> ``high_risk``; a clash gets ``_2``, ``_3``, ...) and the mapping is reported.

Real files are written in limited precision (bnlearn's ``hepar2`` has 62 table rows that sum
to 1 only within 1e-7). A row within :data:`IMPORT_TOLERANCE` of 1 is renormalised (and
counted); a row further off is an error. Numbers are written with ``repr``, so the YAML passes
argmap's strict 1e-9 check for hand-written files.

Examples
--------
>>> imported = import_network_text('''
... network demo {
... }
... variable risk {
...   type discrete [ 2 ] { high-risk, 1 };
... }
... probability ( risk ) {
...   table 0.3, 0.69999999;
... }
... ''', "bif", name="demo.bif")
>>> imported.model.claims["risk"].states
('high_risk', 's_1')
>>> imported.report.renormalised_count
1
>>> print(imported.report.summary())
imported 1 claims from demo.bif (BIF)
renormalised 1 table row(s) that summed to 1 only within 1e-06:
  risk prior: sum 0.99999999
renamed 2 state(s) to valid ids:
  risk: 'high-risk' -> high_risk
  risk: '1' -> s_1
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import re
import unicodedata
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .._graphs import topological_order
from ..errors import InputError, MissingExtraError, Problem
from ..formats import FORMATS, readable_format, stem
from ..loading import MAX_BYTES
from ..model import Model
from ..reading import read_limited
from ..schema import ID_RE
from .codecs import SNIFFERS, read_network
from .model_yaml import ImportHeader, ModelWriter, load_checking_roles
from .network import IMPORT_TOLERANCE, NetworkData, NetworkSyntaxError
from .properties import MARK, claim_text, roles_from_links

STRICT_TOLERANCE = 1e-9
MAX_NETWORK_BYTES = 50_000_000
"""Network files (after decompression) larger than this are refused."""

_PLACEHOLDER_NAMES = {"unknown", "untitled", "bn_model", "network", ""}


@dataclass(frozen=True)
class ImportReport:
    """What an import did: renormalised rows and renamed variables and states."""

    source: str
    fmt: str
    claims: int
    renormalised: tuple[tuple[str, str, float], ...] = ()
    """(claim id, row, the sum it had) for each renormalised row."""
    renamed_claims: tuple[tuple[str, str], ...] = ()
    """(name in the file, claim id) for each variable whose name is not an argmap id."""
    renamed_states: tuple[tuple[str, str, str], ...] = ()
    """(claim id, state in the file, state id) for each state renamed."""
    dropped_roles: tuple[str, ...] = ()
    written_by_argmap: bool = False

    @property
    def renormalised_count(self) -> int:
        """How many table rows were renormalised."""
        return len(self.renormalised)

    def summary(self, limit: int = 20) -> str:
        """A few lines for people: counts, then the first ``limit`` items of each list."""
        lines = [f"imported {self.claims} claims from {self.source} ({FORMATS[self.fmt].title})"]
        if self.renormalised:
            lines.append(
                f"renormalised {len(self.renormalised)} table row(s) that summed to 1 only "
                f"within {IMPORT_TOLERANCE:g}:"
            )
            lines.extend(f"  {c} {row}: sum {s:.12g}" for c, row, s in self.renormalised[:limit])
            lines.extend(_more(self.renormalised, limit))
        if self.renamed_claims:
            lines.append(f"renamed {len(self.renamed_claims)} variable(s) to valid claim ids:")
            lines.extend(f"  {old!r} -> {new}" for old, new in self.renamed_claims[:limit])
            lines.extend(_more(self.renamed_claims, limit))
        if self.renamed_states:
            lines.append(f"renamed {len(self.renamed_states)} state(s) to valid ids:")
            lines.extend(f"  {c}: {old!r} -> {new}" for c, old, new in self.renamed_states[:limit])
            lines.extend(_more(self.renamed_states, limit))
        if self.dropped_roles:
            lines.append("dropped role(s) that disagree with the numbers:")
            lines.extend(f"  {text}" for text in self.dropped_roles)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "source": self.source,
            "format": self.fmt,
            "claims": self.claims,
            "renormalised": [
                {"claim": c, "row": r, "sum": s} for c, r, s in self.renormalised
            ],
            "renamed_claims": [{"from": a, "to": b} for a, b in self.renamed_claims],
            "renamed_states": [
                {"claim": c, "from": a, "to": b} for c, a, b in self.renamed_states
            ],
            "dropped_roles": list(self.dropped_roles),
            "written_by_argmap": self.written_by_argmap,
        }


def _more(items: Sequence[Any], limit: int) -> list[str]:
    return [f"  ... and {len(items) - limit} more"] if len(items) > limit else []


@dataclass(frozen=True)
class ImportedNetwork:
    """An imported network: the validated model, its YAML text and the report."""

    model: Model
    text: str = field(repr=False)  # the whole YAML: too long for a repr
    report: ImportReport


def read_network_text(path: str | Path) -> str:
    """A network file's text (gzip-compressed files are decompressed), within the size limit."""
    name = str(path)
    raw = read_limited(path, limit=MAX_NETWORK_BYTES, expected="a network file")
    if name.lower().endswith(".gz"):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as handle:
                raw = handle.read(MAX_NETWORK_BYTES + 1)
        except (OSError, EOFError, zlib.error) as err:
            raise InputError.single(name, f"not a gzip file ({err})", code="read") from None
    if len(raw) > MAX_NETWORK_BYTES:
        raise InputError.single(
            name, f"file too large (expected at most {MAX_NETWORK_BYTES:,} bytes)", code="limit"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def import_network(
    path: str | Path, *, fmt: str | None = None, model_id: str | None = None
) -> ImportedNetwork:
    """Read a BIF, XMLBIF or Hugin NET file (optionally gzipped) as an argmap model.

    ``fmt`` is a readable format of :data:`argmap.formats.FORMATS`; by default the file's
    suffix says which. An unknown ``fmt`` is a problem with the ``format`` argument (code
    ``unknown-name``); an unknown suffix, a missing file or one that is not a network are
    problems with the file.
    """
    chosen = readable_format(fmt, path).name
    text = read_network_text(path)
    return import_network_text(text, chosen, name=str(path), model_id=model_id,
                               stem=stem(path))


def import_network_text(
    text: str,
    fmt: str,
    *,
    name: str = "<network>",
    model_id: str | None = None,
    stem: str | None = None,
) -> ImportedNetwork:
    """Like :func:`import_network`, from the file's text (``name`` is used in messages)."""
    spec = readable_format(fmt, name)
    if spec.name in SNIFFERS and not SNIFFERS[spec.name](text):
        raise InputError.single(name, f"does not look like {spec.title} (expected items like "
                                '[Node_Id]: statement {"instantiations": [...], ...})',
                                code="syntax")
    try:
        data = read_network(text, spec.name)
    except NetworkSyntaxError as err:
        raise InputError([Problem(name, err.line, err.column, err.message,
                                  code=err.code)]) from None
    except InputError as err:  # located by the reader: in this file
        raise InputError([dataclasses.replace(p, file=name) for p in err.problems]) from None
    except MissingExtraError:  # pgmpy reads this format: not the file's fault
        raise
    except Exception as err:  # noqa: BLE001 - pgmpy's readers raise anything on bad input
        message = " ".join(str(err).split())[:300] or type(err).__name__
        raise InputError.single(
            name, f"cannot read this file as {spec.title} ({message})", code="syntax"
        ) from None
    if not data.variables:
        raise InputError.single(
            name, f"no variables found (expected a {spec.title} network with at least one)",
            code="syntax",
        )
    return convert(data, fmt, name=name, model_id=model_id, stem=stem)


def check_model_id(model_id: str | None) -> None:
    """An :class:`InputError` on ``model_id`` unless it is ``None`` or a whole argmap id (a
    letter, then letters, digits or ``_``; nothing after it, not even a newline).

    >>> check_model_id("ok_1")
    >>> check_model_id("x\\nextra: 1")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: model_id: bad id 'x\\nextra: 1' (expected a letter, then ...
    """
    if model_id is not None and not (isinstance(model_id, str) and ID_RE.fullmatch(model_id)):
        raise InputError.argument(
            "model_id", f"bad id {model_id!r} (expected a letter, then letters, digits or _)",
            code="bad-value",
        )


def safe_id(name: str, prefix: str) -> str:
    """An argmap id for ``name``: itself when valid, else a deterministic cleaned form.

    >>> safe_id("high-risk", "s"), safe_id("1", "s"), safe_id("Größe", "v"), safe_id("--", "s")
    ('high_risk', 's_1', 'Grosse', 's')
    """
    if ID_RE.fullmatch(name):
        return name
    text = unicodedata.normalize("NFKD", name.replace("ß", "ss"))
    text = text.encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9_]+", "_", text).strip("_")
    if not text:
        return prefix
    if not text[0].isalpha():
        return f"{prefix}_{text}"
    return text


def _unique(names: Sequence[str], prefix: str) -> list[str]:
    """Map names to distinct ids, in order (a clash gets ``_2``, ``_3``, ...)."""
    taken = {n for n in names if ID_RE.fullmatch(n)}
    result: list[str] = []
    used: set[str] = set()
    for name in names:
        base = safe_id(name, prefix)
        candidate, k = base, 2
        while candidate in used or (candidate != name and candidate in taken):
            candidate, k = f"{base}_{k}", k + 1
        used.add(candidate)
        result.append(candidate)
    return result


def convert(
    data: NetworkData,
    fmt: str,
    *,
    name: str = "<network>",
    model_id: str | None = None,
    stem: str | None = None,
    kind: str | None = None,
) -> ImportedNetwork:
    """Turn a parsed network into a validated argmap model and its YAML text (``kind`` names
    where it came from in the model's text, by default the format's title)."""
    check_model_id(model_id)
    ids = dict(zip(data.variables, _unique(data.variables, "v"), strict=True))
    renamed_claims = tuple((v, ids[v]) for v in data.variables if ids[v] != v)
    states: dict[str, list[str]] = {}
    renamed_states: list[tuple[str, str, str]] = []
    for var in data.variables:
        mapped = _unique(list(data.states[var]), "s")
        states[var] = mapped
        renamed_states.extend(
            (ids[var], old, new) for old, new in zip(data.states[var], mapped, strict=True)
            if old != new
        )
    tables, renormalised = _checked_tables(data, ids, states, name)
    props = {v: dict(data.properties.get(v, {})) for v in data.variables}
    ours = bool(data.variables) and all(props[v].get(MARK, "").strip('" ') == "1"
                                          for v in data.variables)
    texts = {v: claim_text(v, props[v], ours) for v in data.variables}
    mid = model_id or _model_id(data.name, stem)
    source_name = Path(name).name
    writer = ModelWriter(
        ImportHeader(mid, source_name, kind or FORMATS[fmt].title, data.name),
        _topological(data), ids, states, data, tables, texts, ours,
    )
    roles = roles_from_links(data, states, texts) if ours else {}
    model, dropped = load_checking_roles(writer, roles, name)
    text = writer.yaml({k: v for k, v in roles.items() if k not in dropped})
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise InputError.single(
            name,
            f"the imported model would be {size:,} bytes (expected at most {MAX_BYTES:,}, "
            "argmap's limit for model files)", code="limit",
        )
    report = ImportReport(
        source=source_name,
        fmt=fmt,
        claims=len(writer.order),
        renormalised=tuple(renormalised),
        renamed_claims=renamed_claims,
        renamed_states=tuple(renamed_states),
        dropped_roles=tuple(dropped.values()),
        written_by_argmap=ours,
    )
    return ImportedNetwork(model=model, text=text, report=report)


def _model_id(network_name: str | None, stem: str | None) -> str:
    if network_name and network_name.strip().lower() not in _PLACEHOLDER_NAMES:
        return safe_id(network_name.strip(), "m")
    return safe_id(stem or "imported", "m")


def _row_name(data: NetworkData, var: str, combo: tuple[int, ...]) -> str:
    if not combo:
        return "prior"
    parents = data.parents[var]
    inside = ", ".join(
        f"{p}={data.states[p][s]}" for p, s in zip(parents, combo, strict=True)
    )
    return f"row ({inside})"


def _checked_tables(
    data: NetworkData, ids: Mapping[str, str], states: Mapping[str, list[str]], name: str
) -> tuple[dict[str, np.ndarray], list[tuple[str, str, float]]]:
    """Each table with near-1 rows renormalised; every bad row is reported at once."""
    problems: list[Problem] = []
    renormalised: list[tuple[str, str, float]] = []
    tables: dict[str, np.ndarray] = {}
    for var in data.variables:
        table = np.array(data.tables[var], dtype=float)
        card = len(states[var])
        flat = table.reshape(-1, card)
        pcards = table.shape[:-1]
        # rows that need nothing, found at C speed: finite, >= 0 and summed left to right (as
        # sum(row.tolist()) sums them, bit for bit) within 1e-9 of 1; the rest row by row
        ordered = np.cumsum(flat, axis=1)[:, -1]
        clean = (np.isfinite(flat).all(axis=1) & (flat >= 0).all(axis=1)
                 & (np.abs(ordered - 1.0) <= STRICT_TOLERANCE))
        for r in np.flatnonzero(~clean).tolist():
            row = flat[r]
            combo = tuple(int(i) for i in np.unravel_index(r, pcards)) if pcards else ()
            total = float(row.sum())
            where = f"{ids[var]} {_row_name(data, var, combo)}"
            loc = (var, "table", r)
            if not np.all(np.isfinite(row)) or (row < 0).any():
                problems.append(Problem(name, None, None, f"{where}: negative or missing "
                                        f"probabilities {row.tolist()} (expected numbers >= 0)",
                                        loc=loc, code="out-of-range"))
            elif abs(total - 1.0) > IMPORT_TOLERANCE:
                problems.append(Problem(name, None, None, f"{where}: probabilities sum to "
                                        f"{total:.12g} (expected 1 within {IMPORT_TOLERANCE:g})",
                                        loc=loc, code="sum"))
            elif abs(sum(row.tolist()) - 1.0) > STRICT_TOLERANCE:  # summed as a model is
                flat[r] = row / total
                renormalised.append((ids[var], _row_name(data, var, combo), total))
        tables[var] = flat.reshape(table.shape)
    if problems:
        shown = problems[:50]
        if len(problems) > 50:
            shown.append(Problem(name, None, None, f"... and {len(problems) - 50} more rows",
                                 code="table"))
        raise InputError(shown)
    return tables, renormalised


def _topological(data: NetworkData) -> list[str]:
    edges = [(p, v) for v in data.variables for p in data.parents[v]]
    position = {v: i for i, v in enumerate(data.variables)}
    return topological_order(data.variables, edges, key=position.__getitem__)
