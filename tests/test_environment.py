"""environment.yml (Anaconda, Binder) names what pyproject.toml names, and repo2docker reads it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml
from packaging.requirements import Requirement

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the test extra installs tomli
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
ENV = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _split(requirement: str) -> tuple[str, str]:
    """('ipykernel', '>=7.1') from 'ipykernel>=7.1' (names normalised as pip does)."""
    name, spec = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", requirement).groups()
    return re.sub(r"[-_.]+", "-", name).lower(), spec.replace(" ", "")


def _conda_and_pip():
    conda, pip = {}, {}
    for dep in ENV["dependencies"]:
        if isinstance(dep, dict):
            for item in dep["pip"]:
                if item != "-e .":
                    pip.update([_split(item)])
        else:
            pinned = re.match(r"^[\w-]+=\d", dep)  # conda's "python=3.11" means ==
            name, spec = _split(dep.replace("=", "==", 1) if pinned else dep)
            conda[name] = spec
    return conda, pip


def test_conda_forge_and_a_pinned_python():
    assert ENV["channels"] == ["conda-forge"]
    conda, _ = _conda_and_pip()
    assert re.fullmatch(r"==3\.\d+", conda["python"]), conda["python"]


def test_same_dependencies_and_lower_bounds_as_pyproject():
    project = PYPROJECT["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["test"]
    # environment.yml pins one Python: drop what pip would skip there (tomli on 3.10).
    python = _conda_and_pip()[0]["python"].removeprefix("==")
    wanted = dict(_split(r.split(";")[0]) for r in requirements
                  if Requirement(r).marker is None
                  or Requirement(r).marker.evaluate({"python_version": python}))
    conda, pip = _conda_and_pip()
    named = {k: v for k, v in (conda | pip).items() if k not in ("python", "pip")}
    assert named == wanted


def test_ipykernel_at_least_7_1_everywhere():
    conda, _ = _conda_and_pip()
    assert conda["ipykernel"] == ">=7.1"


def test_installs_the_kit_itself_for_binder():
    pip = next(d["pip"] for d in ENV["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip


def test_repo2docker_accepts_it():
    repo2docker = Path(sys.executable).parent / "jupyter-repo2docker"
    result = subprocess.run([str(repo2docker), "--no-build", str(ROOT)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Building conda environment for python=3.11" in result.stdout + result.stderr


def test_every_labkit_package_is_shipped():
    # A non-editable install (conda, a wheel) carries only the packages setuptools
    # finds: labkit._messages, the message catalogue, must be one of them.
    from setuptools import find_packages

    include = PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    shipped = set(find_packages(str(ROOT), include=include))
    on_disk = {".".join(p.parent.relative_to(ROOT).parts)
               for p in (ROOT / "labkit").rglob("__init__.py")}
    assert on_disk <= shipped
