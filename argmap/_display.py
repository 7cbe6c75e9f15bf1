"""How results show in a notebook: short reprs, HTML tables, DataFrames, and the diagram hook.

A frozen result that mixes in :class:`Tabular` says what it is as one :class:`Table` (a
title, column names and rows); from that come its ``repr`` (``<Sensitivity of
model_class=schemer: 0.25 ...>``, one line however big the result), its ``_repr_html_`` (the
table Jupyter shows, every piece of text HTML-escaped) and its ``to_pandas()`` (a tidy
DataFrame; pandas is optional, through :func:`argmap._extras.require`). Dataclass equality is
untouched: only ``__repr__`` is replaced (the dataclasses say ``repr=False``).

A model's diagram is drawn by the export layer, which the model layer must not import. The
model's ``_repr_svg_`` asks :func:`show` for the hook ``"model_svg"``; :data:`HOOKS` names the
module and function that draws it, imported only when a notebook displays a model. This table
is the only place in ``argmap`` that imports a module of its own by name (checked by
``tests/test_architecture.py``).

Examples
--------
>>> table = Table("two claims", ("claim", "p"), [("rain", 0.5), ("<b>wet</b>", 0.25)])
>>> "&lt;b&gt;wet&lt;/b&gt;" in html_table(table)
True
>>> print(text_cell(0.123456789), text_cell(None), text_cell(("a", "b")))
0.1235  a, b
"""

from __future__ import annotations

import html
import importlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from ._extras import require

if TYPE_CHECKING:
    import pandas

MAX_HTML_ROWS = 200
"""Rows an HTML table shows before it says how many more there are (``to_pandas()`` has all)."""

HOOKS: dict[str, tuple[str, str]] = {
    "model_svg": ("argmap.export.notebook", "model_svg"),
}
"""Display hooks: name -> (module, function) of a higher layer, imported when first used."""


@dataclass(frozen=True)
class Table:
    """What a result is, as a table: a one-line ``title`` and ``rows`` under ``columns``."""

    title: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[Any, ...]]


def text_cell(value: Any) -> str:
    """A cell as text: floats to 4 significant digits, None empty, tuples joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else f"{value:.4g}"
    if isinstance(value, tuple | list):
        return ", ".join(text_cell(v) for v in value)
    return str(value)


def html_table(table: Table, limit: int = MAX_HTML_ROWS) -> str:
    """The table as HTML (every piece of text escaped), at most ``limit`` rows."""
    esc = html.escape
    head = "".join(f"<th>{esc(c)}</th>" for c in table.columns)
    body = [
        "<tr>" + "".join(f"<td>{esc(text_cell(v))}</td>" for v in row) + "</tr>"
        for row in table.rows[:limit]
    ]
    if len(table.rows) > limit:
        more = len(table.rows) - limit
        body.append(f'<tr><td colspan="{len(table.columns)}">... and {more} more rows '
                    "(to_pandas() has them all)</td></tr>")
    return (f'<table class="argmap"><caption style="text-align:left">{esc(table.title)}'
            f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def to_dataframe(table: Table, feature: str = "to_pandas()") -> pandas.DataFrame:
    """The table as a pandas DataFrame (``argmap[pandas]``), one row per table row."""
    pd = require("pandas", extra="pandas", feature=feature)
    frame: pandas.DataFrame = pd.DataFrame(list(table.rows), columns=list(table.columns))
    frame.attrs["title"] = table.title
    return frame


def short(text: str, width: int = 48) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis.

    >>> short("Models will be trained with\\n much slack", 24)
    'Models will be trained…'
    """
    flat = " ".join(str(text).split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def state_words(state: str) -> str:
    """A state as a reader says it: underscores become spaces (``somewhat_better`` ->
    ``somewhat better``). The app's charts and the command line's condition line name states
    this way; ids (what a person types, what JSON holds) stay as they are.

    >>> state_words("somewhat_better"), state_words("true")
    ('somewhat better', 'true')
    """
    return state.replace("_", " ")


def condition_words(given: Mapping[str, str]) -> str:
    """A condition as the command line says it: ``claim=state, ...``, each state in words
    (:func:`state_words`); the claims keep their ids, which a person types to observe them.

    >>> condition_words({"situational_awareness": "true", "capability": "somewhat_better"})
    'situational_awareness=true, capability=somewhat better'
    """
    return ", ".join(f"{claim}={state_words(state)}" for claim, state in given.items())


def situation(evidence: Mapping[str, str], do: Mapping[str, str]) -> str:
    """``", evidence a=x, do b=y"`` for a result's title (``""`` when there is neither).

    >>> situation({"wet": "true"}, {})
    ', evidence wet=true'
    """
    parts = [f"{name} {', '.join(f'{c}={s}' for c, s in given.items())}"
             for name, given in (("evidence", evidence), ("do", do)) if given]
    return "".join(f", {part}" for part in parts)


def marginals_table(
    title: str,
    distributions: Mapping[str, Mapping[str, float]],
    labels: Mapping[str, str],
) -> Table:
    """Every claim's marginal, one row per (claim, state): claim, its short name, state, p.

    >>> marginals_table("t", {"rain": {"true": 0.25, "false": 0.75}}, {"rain": "Rain"}).rows
    [('rain', 'Rain', 'true', 0.25), ('rain', 'Rain', 'false', 0.75)]
    """
    rows = [(claim, labels.get(claim, claim), state, p)
            for claim, dist in distributions.items() for state, p in dist.items()]
    return Table(title, ("claim", "short", "state", "p"), rows)


class Tabular:
    """Mixin for frozen results: ``repr``, ``_repr_html_`` and ``to_pandas()`` from
    :meth:`_table`. The dataclass that mixes it in says ``repr=False``.

    A result whose table is one row per item of a field says so in two class attributes:
    ``_rows = (field, columns)`` (each column an attribute of the items) and ``_title``, a
    :meth:`str.format` template of ``self`` and ``n`` (the number of rows); its evidence and
    do(), if any, are added to the title. Other results override :meth:`_table`.
    """

    _title: ClassVar[str] = ""
    _rows: ClassVar[tuple[str, tuple[str, ...]]] = ("", ())

    def _table(self) -> Table:
        name, columns = self._rows
        rows = [tuple(getattr(item, c) for c in columns) for item in getattr(self, name)]
        title = self._title.format(self=self, n=len(rows))
        title += situation(getattr(self, "evidence", {}), getattr(self, "do", {}))
        return Table(title, columns, rows)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._table().title}>"

    def _repr_html_(self) -> str:
        table = self._table()
        return html_table(replace(table, title=f"{type(self).__name__} {table.title}"))

    def to_pandas(self) -> pandas.DataFrame:
        """The result as a tidy DataFrame, the rows of its table (needs pandas)."""
        return to_dataframe(self._table(), f"{type(self).__name__}.to_pandas()")


def show(hook: str, obj: Any) -> Any:
    """Call display hook ``hook`` (see :data:`HOOKS`) on ``obj``."""
    module, name = HOOKS[hook]
    return getattr(importlib.import_module(module), name)(obj)
