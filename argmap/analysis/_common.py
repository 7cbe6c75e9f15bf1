"""Shared pieces of the analyses: the target, result headers, settable probabilities, arrays."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from ..credences import Credences
from ..errors import InputError, UnknownNameError, did_you_mean, unknown_claim, unknown_state
from ..inference import overrides_of
from ..model import Model, Parameter
from ..tables import point_values
from ..values import Beta, Dirichlet, PointDist, Value

Array = NDArray[np.float64]
ArrayBool = NDArray[np.bool_]
CredencesLike = Credences | Mapping[str, Value] | None
Assignment = Mapping[str, str]
Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each chunk of work."""


@dataclass(frozen=True)
class Target:
    """The claim and state an analysis is about, e.g. ``schemer=yes``."""

    claim: str
    state: str
    index: int

    @property
    def label(self) -> str:
        return f"{self.claim}={self.state}"


TargetLike = Target | str | tuple[str, str] | None


class Situated(Protocol):
    """A result about one target of one model, under evidence and interventions."""

    @property
    def model_id(self) -> str: ...

    @property
    def target(self) -> Target: ...

    @property
    def evidence(self) -> Mapping[str, str]: ...

    @property
    def do(self) -> Mapping[str, str]: ...


def header(result: Situated) -> dict[str, Any]:
    """The keys every result's ``to_dict()`` starts with: model, target, evidence, do."""
    return {
        "model": result.model_id,
        "target": result.target.label,
        "evidence": dict(result.evidence),
        "do": dict(result.do),
    }


def generator(seed: int | np.random.Generator | None) -> np.random.Generator:
    """``seed`` itself if it is a Generator, else a new one seeded with it.

    A seed must be a whole number in 0 .. 2**32 - 1 (an :class:`InputError` on ``seed``
    otherwise), so every seed means the same stream everywhere.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, int | np.integer) or not 0 <= seed < 2**32
    ):
        raise InputError.argument(
            "seed", f"bad seed {seed!r} (expected a whole number from 0 to {2**32 - 1})",
            code="out-of-range",
        )
    return np.random.default_rng(seed)


def resolve_target(
    model: Model,
    target: TargetLike = None,
    *,
    evidence: Mapping[str, str] | None = None,
    do: Mapping[str, str] | None = None,
) -> Target:
    """The target as a :class:`Target`: ``None`` is the model's declared output.

    ``"claim=state"``, ``("claim", "state")`` or ``"claim"`` are accepted; a bare claim means
    the model's output state for the output claim, ``true`` for a true/false claim, and is an
    error otherwise.

    >>> from argmap.loading import load_model
    >>> model = load_model("models/examples/sprinkler.yaml")
    >>> resolve_target(model).label, resolve_target(model, "rain=false").index
    ('wet=true', 1)
    """
    if isinstance(target, Target):
        return target
    if target is None:
        claim_id, index = model.output
        state = model.claims[claim_id].states[index]
    elif isinstance(target, str):
        claim_id, _, state = target.partition("=")
        claim_id, state = claim_id.strip(), state.strip()
    elif isinstance(target, tuple) and len(target) == 2:
        claim_id, state = target
    else:
        raise UnknownNameError.argument(
            "target", f"bad target {target!r} (expected 'claim=state' or (claim, state))",
            code="type",
        )
    if not isinstance(claim_id, str) or not isinstance(state, str):
        raise UnknownNameError.argument(
            "target", f"bad target {target!r} (expected claim and state names as text)",
            code="type",
        )
    if claim_id not in model.claims:
        raise UnknownNameError.argument(
            "target", unknown_claim(claim_id, model.claims),
            code="unknown-claim",
        )
    states = model.claims[claim_id].states
    if not state and claim_id == model.output[0]:
        state = states[model.output[1]]
    elif not state and len(states) == 2 and states[0] == "true":
        state = "true"
    elif not state:
        raise UnknownNameError.argument(
            "target", f"which state of {claim_id!r}? (expected {claim_id}=STATE, one of "
            f"{list(states)})", code="bad-value",
        )
    if state not in states:
        raise UnknownNameError.argument(
            "target",
            unknown_state(state, claim_id, states),
            code="unknown-state",
        )
    if claim_id in (evidence or {}) or claim_id in (do or {}):
        how = "observed" if claim_id in (evidence or {}) else "set by an intervention (do)"
        raise InputError.argument(
            "target",
            f"the target {claim_id!r} is {how}, so P({claim_id}={state}) is fixed at 0 or 1 "
            "and there is nothing to analyse (expected a target that is neither observed nor set)",
            code="bad-argument",
        )
    return Target(claim_id, state, states.index(state))


def base_values(model: Model, credences: CredencesLike) -> dict[str, Array]:
    """Every parameter's point distribution (uncertain values at their mean), shape (k,)."""
    return point_values(model, overrides_of(credences))


def current_value(model: Model, credences: CredencesLike, pid: str) -> Value:
    """The value a parameter holds under ``credences`` (else the model's)."""
    return overrides_of(credences).get(pid, model.parameters[pid].value)


@dataclass(frozen=True)
class Setting:
    """One settable probability: a scalar parameter, or one state of a distribution.

    ``key`` is the parameter id for a scalar parameter and ``"<parameter id>=<state>"`` for
    one state of a distribution over three or more states.
    """

    key: str
    parameter: str
    claim: str
    state: int | None  # None: scalar (P of the first state)
    label: str


def setting_key(parameter: str, state: str | None = None) -> str:
    """The key of a :class:`Setting`: the parameter id, with ``=state`` for one state of it.

    >>> setting_key("wet.leak"), setting_key("mood", "high")
    ('wet.leak', 'mood=high')
    """
    return parameter if state is None else f"{parameter}={state}"


def settings(model: Model) -> Iterator[Setting]:
    """Every settable probability of the model, in parameter order."""
    for pid, param in model.parameters.items():
        if param.is_scalar:
            yield Setting(pid, pid, param.claim, None, param.label)
        else:
            for s, name in enumerate(param.states):
                key = setting_key(pid, name)
                yield Setting(key, pid, param.claim, s, f"{param.label}: {name}")


def find_setting(model: Model, key: str, argument: str) -> Setting:
    """The setting named ``key`` (see :class:`Setting`); unknown keys suggest near names.

    Errors name ``argument``, the caller's parameter that held ``key``.

    >>> from argmap.loading import load_model
    >>> model = load_model("models/examples/sprinkler.yaml")
    >>> find_setting(model, "wet.rain", "x").claim
    'wet'
    >>> find_setting(model, "wet.rian", "x")
    Traceback (most recent call last):
    ...
    argmap.errors.UnknownNameError: x: unknown parameter 'wet.rian' (did you mean 'wet.rain'?)
    """
    for setting in settings(model):
        if setting.key == key:
            return setting
    names = [s.key for s in settings(model)]
    if key in model.parameters:
        raise UnknownNameError.argument(
            argument,
            f"{key!r} is a distribution over {len(model.parameters[key].states)} states (expected "
            f"one state of it, e.g. {setting_key(key, model.parameters[key].states[0])!r})",
            code="bad-value",
        )
    raise UnknownNameError.argument(
        argument, f"unknown parameter {key!r}{did_you_mean(key, names)}",
        code="unknown-parameter",
    )


def with_state(base: Array, state: int | None, p: Array) -> Array:
    """Distributions ``(k, n)`` equal to ``base`` except that ``state`` has probability ``p``.

    A scalar setting (``state is None``) sets the first state. For three or more states the
    other states are rescaled proportionally, keeping their ratios: ``q_j = base_j * (1 - p) /
    (1 - base_s)``; if the others were all zero the remainder is split equally among them.

    >>> with_state(np.array([0.5, 0.3, 0.2]), 0, np.array([0.0, 1.0])).round(6).T.tolist()
    [[0.0, 0.6, 0.4], [1.0, 0.0, 0.0]]
    """
    p = np.asarray(p, dtype=float)
    s = 0 if state is None else state
    k = base.shape[0]
    others = np.delete(np.arange(k), s)
    rest = float(base[others].sum())
    share = base[others] / rest if rest > 0 else np.full(k - 1, 1.0 / (k - 1))
    out = np.empty((k, p.size))
    out[s] = p
    out[others] = share[:, None] * (1.0 - p)[None, :]
    return out


def bounds(
    value: Value, state: int | None, swing: float, use_interval: bool
) -> tuple[float, float]:
    """Low and high for a setting: its uncertainty interval, else its mean +/- ``swing``."""
    interval: tuple[float, float] | None
    if isinstance(value, Dirichlet):
        a = value.alphas[state or 0]
        mean = value.means[state or 0]
        interval = _beta_interval(a, sum(value.alphas) - a)
    elif isinstance(value, PointDist):
        mean, interval = value.values[state or 0], None
    elif isinstance(value, Beta):  # also mean/sd values, stored as their Beta
        mean, interval = value.mean, _beta_interval(value.a, value.b)
    else:
        mean, interval = value.mean, value.interval()
    if use_interval and interval is not None:
        return float(interval[0]), float(interval[1])
    return max(0.0, mean - swing), min(1.0, mean + swing)


@functools.lru_cache(maxsize=1024)
def _beta_interval(a: float, b: float) -> tuple[float, float]:
    """:meth:`argmap.values.Beta.interval` (a seeded sample's 5-95%), computed once per (a, b)."""
    return Beta(a, b).interval()


def check_unit(x: float, argument: str, key: str | None = None) -> float:
    """``x`` if it is a probability, else an InputError naming ``argument`` (and ``key`` in it).

    >>> check_unit(0.25, "swing")
    0.25
    >>> check_unit(1.5, "ranges", "rain")
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: ranges: rain: expected a number in [0, 1], got 1.5
    """
    if not (isinstance(x, int | float) and 0.0 <= x <= 1.0):
        where = "" if key is None else f"{key}: "
        raise InputError.argument(
            argument, f"{where}expected a number in [0, 1], got {x!r}", code="out-of-range",
            loc=() if key is None else (key,),
        )
    return float(x)


def readonly(a: Any) -> Array:
    """A float64 array that cannot be written to (results are frozen)."""
    out = np.array(a, dtype=float)
    out.setflags(write=False)
    return out


def jsonable(x: float) -> float | None:
    """A float for JSON: NaN and infinities become ``None``."""
    return float(x) if np.isfinite(x) else None


def parameter_of(model: Model, pid: str, argument: str) -> Parameter:
    """The parameter ``pid`` or an error naming ``argument`` and suggesting near names."""
    try:
        return model.parameters[pid]
    except KeyError:
        raise UnknownNameError.argument(
            argument, f"unknown parameter {pid!r}{did_you_mean(pid, model.parameters)}",
            code="unknown-parameter", loc=(pid,),
        ) from None
