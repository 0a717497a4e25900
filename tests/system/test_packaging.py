"""pyproject.toml: every runtime dependency bounded below its next major version
(whoosh3 to the tested minor series), and what is installed satisfies it."""
from __future__ import annotations

import tomllib
from importlib.metadata import version

from packaging.requirements import Requirement

from tests.helpers import support


def project() -> dict:
    return tomllib.loads((support.REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_every_runtime_dependency_has_a_floor_and_a_ceiling_below_the_next_major():
    for dep in project()["dependencies"]:
        req = Requirement(dep)
        lower = [s for s in req.specifier if s.operator == ">="]
        upper = [s for s in req.specifier if s.operator == "<"]
        assert lower and upper, dep
        lo, hi = lower[0].version.split("."), upper[0].version.split(".")
        if req.name == "whoosh3":                 # private internals: the minor series tested
            assert hi[:2] == [lo[0], str(int(lo[1]) + 1)], dep
        else:                                     # the next major above the one installed and tested
            assert hi == [str(int(version(req.name).split(".")[0]) + 1)], dep


def test_what_is_installed_is_what_pyproject_allows():
    extras = project()["optional-dependencies"]
    for dep in project()["dependencies"] + extras["test"]:
        req = Requirement(dep)
        assert req.specifier.contains(version(req.name), prereleases=True), (dep, version(req.name))


def test_developer_tools_are_declared_in_extras():
    extras = project()["optional-dependencies"]
    assert any(Requirement(d).name == "fonttools" for d in extras["fonts"])
    assert "from fontTools" in (support.REPO / "build" / "make_font_subset.py").read_text(encoding="utf-8")
