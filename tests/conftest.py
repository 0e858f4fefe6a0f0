"""Shared fixtures: a real LabServer on a free loopback port, and a clean language."""

from __future__ import annotations

import pytest

import labkit


@pytest.fixture(autouse=True)
def english():
    """Every test starts in English and leaves no server running."""
    labkit.set_language("en")
    yield
    labkit.set_language("en")
    labkit.stop_all()


@pytest.fixture
def server():
    with labkit.LabServer(port=0) as srv:
        yield srv
