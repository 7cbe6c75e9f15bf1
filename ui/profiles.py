"""Credence profiles as the app loads them: the baseline a person's edits are measured against.

``argmap.ui.state`` keeps one draft of values per (model, profile) pair over a :class:`Profile`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from argmap import Credences, Model, Value

from . import sources

OWN_NUMBERS = ""
"""The profile picker option that means "the model's own numbers"."""


@dataclass(frozen=True)
class Profile:
    """A credence profile as loaded: the baseline the person's edits are measured against."""

    key: str
    label: str
    values: Mapping[str, Value]
    credences: Credences | None = None
    path: Path | None = None
    text: str | None = None
    file_name: str = "credences.yaml"


def own_numbers(model: Model) -> Profile:
    """The profile that is the model file's own numbers."""
    return Profile(
        key=OWN_NUMBERS,
        label="the model's own numbers",
        values=MappingProxyType({pid: p.value for pid, p in model.parameters.items()}),
        file_name=f"{model.id}-credences.yaml",
    )


def profile_from_text(
    model: Model, key: str, text: str, name: str, path: Path | None
) -> Profile | list[str]:
    """A profile from credence text (validated against ``model``), or its problems."""
    loaded = sources.credences_from_text(text, model, name)
    if isinstance(loaded, list):
        return loaded
    values = {pid: loaded.values.get(pid, p.value) for pid, p in model.parameters.items()}
    who = loaded.author or Path(name).stem
    return Profile(
        key=key,
        label=f"{who} ({name})",
        values=MappingProxyType(values),
        credences=loaded,
        path=path,
        text=text,
        file_name=Path(name).name,
    )
