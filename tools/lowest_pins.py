"""Print pip constraints that pin every dependency of pyproject.toml to its lower bound.

``make test-lowest`` installs the kit with these constraints and runs every test, so
the lower bounds written once in pyproject.toml (``dependencies`` and the ``test``
extra) are versions that were actually tested.  Markers are kept:
``tomli>=2.0; python_version < '3.11'`` becomes ``tomli==2.0; python_version < "3.11"``.

    python tools/lowest_pins.py > constraints.txt
    pip install -e '.[test]' -c constraints.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

from packaging.requirements import Requirement

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the test extra installs tomli
    import tomli as tomllib

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def lowest_pins(pyproject: Path = PYPROJECT) -> list[str]:
    """One ``name==lower-bound`` line (with its marker) per dependency and test extra."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    pins = []
    for line in project["dependencies"] + project["optional-dependencies"]["test"]:
        req = Requirement(line)
        lower = [s.version for s in req.specifier if s.operator == ">="]
        if len(lower) != 1:
            raise SystemExit(
                f"{pyproject.name}: {line!r} needs exactly one lower bound (>=X) so that "
                "`make test-lowest` can test it; write one, e.g. "
                f"'{req.name}>=1.0'."
            )
        marker = f"; {req.marker}" if req.marker else ""
        pins.append(f"{req.name}=={lower[0]}{marker}")
    return pins


if __name__ == "__main__":
    sys.stdout.write("".join(pin + "\n" for pin in lowest_pins()))
