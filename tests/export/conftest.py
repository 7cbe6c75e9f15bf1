"""Fixtures shared by the export tests."""

from __future__ import annotations

import pytest

from argmap.export.images import engines
from tests.support.exports import ENGINES


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test once with the system ``dot`` and once with the bundled graphviz-pure."""
    monkeypatch.setenv("ARGMAP_GRAPHVIZ", request.param)
    if not engines():
        pytest.skip(f"{request.param} is not installed here")
    return str(request.param)
