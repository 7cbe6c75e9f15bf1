"""Words for the app: escaped text, numbers, problems, parameter labels and each claim's
dependence.

Pure functions (no Streamlit). Every piece of model text that reaches Markdown goes through
:func:`md`, which escapes it so ``*stars*``, ``<tags>`` and ``$`` show literally.

>>> md("<script>*x*</script>")
'\\\\<script\\\\>\\\\*x\\\\*\\\\</script\\\\>'
>>> pct(0.31234)
'31.2%'
>>> pct(0.0004)
'0.04%'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from argmap import (
    ArgmapError,
    Beta,
    Claim,
    Dirichlet,
    Interval,
    MeanSd,
    Model,
    Parameter,
    Point,
    PointDist,
    Problem,
    Value,
)

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$&:])")
_LINE_START = re.compile(r"^(\s*\d*)([-+>.)])", re.MULTILINE)


def md(text: str | None) -> str:
    """``text`` escaped for Streamlit Markdown (one line; shows every character literally)."""
    if not text:
        return ""
    flat = " ".join(str(text).split())
    escaped = _SPECIAL.sub(r"\\\1", flat)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


_LABEL_SPECIAL = re.compile(
    r"[\\`*<>$~]"  # always: escapes, code, emphasis, HTML, LaTeX, strikethrough
    r"|\](?=[(\[])|^\["  # a link's or image's middle, a link definition's start
    r"|(?<![^\W_])_|_(?![^\W_])"  # an underscore not inside a word (inside one it is literal)
    r"|:(?=\S)"  # a colon before a non-space: the start of :emoji: or :red[...]
    r"|&(?=#?\w+;)"  # an entity: &amp;
    r"|^#"  # a heading
)


def widget_label(text: str | None) -> str:
    """``text`` for a widget's label: Streamlit shows it as Markdown, and the browser reads it
    aloud as written (its ``aria-label``). So only what Markdown would change is escaped, and
    ordinary words keep no backslashes for a screen reader to say (``md`` escapes every
    colon and underscore).

    >>> widget_label("when Slack: low, rl_finetuning: P(true)")
    'when Slack: low, rl_finetuning: P(true)'
    >>> print(widget_label("*not bold* _nor this_ :smile: `x` [a](b) $y$ &amp; [lo, hi]"))
    \\*not bold\\* \\_nor this\\_ \\:smile: \\`x\\` [a\\](b) \\$y\\$ \\&amp; [lo, hi]
    """
    if not text:
        return ""
    flat = " ".join(str(text).split())
    escaped = _LABEL_SPECIAL.sub(lambda m: "\\" + m.group(0), flat)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def problem_text(problem: Problem) -> str:
    """How the app words a problem (plain text; escape it with :func:`md` for Markdown).

    A problem in a file keeps its place (``m.yaml:3:5: message``), so the person can find it.
    A problem with an argument of a library call (``problem.argument``: evidence, target, ...)
    is only its message: the app chose the argument, the person never typed its name.

    >>> problem_text(Problem("m.yaml", 3, 5, "bad value"))
    'm.yaml:3:5: bad value'
    >>> problem_text(Problem(None, None, None, "impossible evidence", loc=("evidence",)))
    'impossible evidence'
    """
    return str(problem) if problem.file is not None else problem.message


def problem_lines(err: ArgmapError) -> list[str]:
    """:func:`problem_text` of each of an error's problems, in order."""
    return [problem_text(p) for p in err.problems]


def pct(p: float) -> str:
    """A probability as a percentage with sensible precision.

    >>> [pct(x) for x in (0.0, 1.0, 0.25, 0.9995, 2e-6, 1 - 1e-9)]
    ['0%', '100%', '25.0%', '99.95%', '0.0002%', '> 99.9999%']
    """
    if p <= 0 or p >= 1:
        return "0%" if p <= 0 else "100%"
    if 0.001 <= p <= 0.999:
        return f"{p:.1%}"
    if 0.0001 <= p <= 0.9999:
        return f"{p:.2%}"
    if p < 0.0001:
        return f"{p * 100:.2g}%"
    text = f"{p:.4%}"
    return text if text != "100.0000%" else "> 99.9999%"


def points(delta: float) -> str:
    """A change of probability in percentage points: ``+3.2``, ``-0.04``.

    >>> points(0.032), points(-0.0004), points(0.0)
    ('+3.2', '-0.04', '0')
    """
    x = delta * 100
    if x == 0:
        return "0"
    return f"{x:+.1f}" if abs(x) >= 0.05 else f"{x:+.2g}"


def num(p: float) -> str:
    """A probability as a short decimal: 0.3, 0.05, 0.0012."""
    return f"{p:.2f}" if 0.01 <= p <= 0.99 or p in (0.0, 1.0) else f"{p:.2g}"


def value_words(value: Value, states: tuple[str, ...] = ("true", "false")) -> str:
    """A value with its uncertainty, in short: ``0.30``, ``0.30 (beta(3, 7))``."""
    if isinstance(value, PointDist | Dirichlet):
        text = ", ".join(f"{s} {num(x)}" for s, x in zip(states, value.means, strict=True))
        return text if isinstance(value, PointDist) else f"{text} ({value.to_yaml()})"
    if isinstance(value, Point):
        return num(value.value)
    if isinstance(value, MeanSd):
        return f"{num(value.mean)} (± {value.sd_value:.2g})"
    if isinstance(value, Beta):
        return f"{num(value.mean)} ({value.to_yaml()})"
    if isinstance(value, Interval):
        return f"{num(value.mean)} (somewhere in {num(value.lo)}–{num(value.hi)})"
    return str(value)


def states_phrase(model: Model, claim_id: str, indices: tuple[int, ...]) -> str:
    """``rain is true`` / ``slack is medium or high``."""
    states = model.claims[claim_id].states
    names = [states[i] for i in indices]
    return f"{claim_id} is {' or '.join(names)}"


def when_text(model: Model, claim: Claim, when: tuple[tuple[int, int], ...]) -> str:
    """A table row's condition: ``slack=low, coverage=high`` (``every case`` for none)."""
    if not when:
        return "in every case"
    parts = []
    for parent_index, state in when:
        parent = claim.links[parent_index].parent
        parts.append(f"{parent}={model.claims[parent].states[state]}")
    return "when " + ", ".join(parts)


def _value_at(model: Model, claim: Claim, values: Mapping[str, Value], *slot: str) -> Value:
    """The value of ``claim``'s parameter in ``slot`` (``("leak",)``, ``("strength", parent)``)."""
    param = next(p for p in model.parameters_of(claim.id) if p.slot == slot)
    return values[param.id]


def when_words(model: Model, claim: Claim, when: tuple[tuple[int, int], ...]) -> str:
    """A table row's condition in words: ``when Slack: low, Coverage: high``."""
    if not when:
        return "in every case"
    parts = []
    for parent_index, index in when:
        parent = model.claims[claim.links[parent_index].parent]
        parts.append(f"{parent.short}: {state_label(parent.states[index])}")
    return "when " + ", ".join(parts)


def param_label(model: Model, param: Parameter) -> str:
    """A short label for a parameter's control (the claim is named above it), in words:
    parents by their short names, states as :func:`state_label` says them."""
    claim = model.claims[param.claim]
    slot = param.slot
    first = state_label(param.states[0])
    if slot[0] == "prior":
        return "prior" if len(param.states) > 2 else f"P({first})"
    if slot[0] == "row":
        row = next(r for r in claim.rows if r.parameter == param.id)
        cond = when_words(model, claim, row.when)
        return cond if len(param.states) > 2 else f"{cond}: P({first})"
    if slot[0] == "leak":
        if claim.kind == "noisy_or":
            return "leak: P(true) with no cause active"
        return "leak: P(fails) with every condition met"
    parent = model.claims[str(slot[1])].short
    if claim.kind == "noisy_or":
        return f"strength of “{parent}”"
    return f"“{parent}” missing blocks it"


def dependence(model: Model, claim: Claim, values: Mapping[str, Value]) -> list[str]:
    """How ``claim`` depends on its parents, one readable line per row or parameter."""
    first = claim.states[0]
    if claim.kind == "prior":
        value = _value_at(model, claim, values, "prior")
        if len(claim.states) > 2:
            return [f"An input: {value_words(value, claim.states)}."]
        return [f"An input, with no parents: P({first}) = {value_words(value)}."]
    if claim.kind == "table":
        lines = []
        for row in claim.rows:
            value = values[row.parameter]
            cond = when_text(model, claim, row.when)
            if len(claim.states) > 2:
                lines.append(f"{cond}: {value_words(value, claim.states)}")
            else:
                lines.append(f"{cond}: P({first}) = {value_words(value)}")
        return lines
    if claim.kind == "logic":
        conditions = [states_phrase(model, k.parent, k.active) for k in claim.links]
        if claim.logic == "all":
            return ["Holds exactly when all of these hold: " + "; ".join(conditions) + "."]
        if claim.logic == "any":
            return [
                "Holds exactly when at least one of these holds: " + "; ".join(conditions) + "."
            ]
        return [f"Holds exactly when it is not the case that {conditions[0]}."]
    leak = value_words(_value_at(model, claim, values, "leak"))
    if claim.kind == "noisy_or":
        lines = [
            f"Noisy-OR: each active cause can make it {first} on its own; "
            f"with no cause active it is {first} with probability {leak} (the leak)."
        ]
        for link in claim.links:
            s = value_words(_value_at(model, claim, values, "strength", link.parent))
            cause = states_phrase(model, link.parent, link.active)
            lines.append(f"If {cause}, that alone makes it {first} with probability {s}.")
        return lines
    lines = [
        f"Noisy-AND: it is {first} only when its conditions hold; even with every condition "
        f"met it fails with probability {leak} (the leak)."
    ]
    for link in claim.links:
        s = value_words(_value_at(model, claim, values, "strength", link.parent))
        cond = states_phrase(model, link.parent, link.active)
        lines.append(f"Unless {cond}, that alone blocks it with probability {s}.")
    return lines


def kind_name(claim: Claim) -> str:
    """The dependence form in words."""
    return {
        "prior": "input",
        "table": "table",
        "noisy_or": "noisy-OR",
        "noisy_and": "noisy-AND",
        "logic": f"logic ({claim.logic})",
    }[claim.kind]


def evidence_name(mark: str) -> str:
    """A claim's evidence mark in words.

    >>> evidence_name("S")
    'S (a secondary source)'
    """
    words = {"V": "read in the report's own text", "S": "a secondary source",
             "M": "unverified (our reading)"}
    return f"{mark} ({words[mark]})" if mark in words else mark


def state_label(state: str) -> str:
    """A state as a reader says it: underscores become spaces (``training_saint`` ->
    ``training saint``); the id stays in tooltips and the sidebar.

    >>> state_label("sgd_finds_favoured"), state_label("true")
    ('sgd finds favoured', 'true')
    """
    return state.replace("_", " ")


def parameter_name(model: Model, pid: str) -> str:
    """A parameter as a reader names it: its claim's short name and :func:`param_label`
    (``Goal-guarding works · P(true)``); an unknown id as itself."""
    param = model.parameters.get(pid)
    if param is None:
        return pid
    return f"{model.claims[param.claim].short} · {param_label(model, param)}"
