"""Packaging: environment.yml matches pyproject.toml, the command is installed, the README's
two commands are the ones CI runs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib

import yaml
from packaging.requirements import Requirement

from conftest import ROOT


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        deps += extra
    return {Requirement(d).name.lower(): str(Requirement(d).specifier) for d in deps}


def _environment() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    out = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict) or dep.split("=")[0] in ("python", "pip"):
            continue
        name, spec = re.match(r"^([A-Za-z0-9_.-]+)(.*)$", dep).groups()
        out[name.lower()] = spec
    return out


def test_environment_yml_lists_the_same_packages_and_versions_as_pyproject():
    assert _environment() == _pyproject()


def test_environment_yml_installs_the_package_itself_and_uses_python_311():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python=3.11" in env["dependencies"]
    assert {"pip": ["--no-deps -e ."]} in env["dependencies"]


def test_lock_pins_every_dependency_and_keeps_jupyterlab_out_of_the_test_install():
    lock = {line.split("==")[0].lower() for line in (ROOT / "requirements.lock").read_text()
            .splitlines() if "==" in line}
    assert set(_pyproject()) - {"pyyaml"} <= lock | {"pyyaml"}
    makefile = (ROOT / "Makefile").read_text()
    assert "-e '.[test]'" in makefile and "-c requirements.lock jupyterlab" in makefile
    assert "jupyterlab" not in {Requirement(d).name for d in tomllib.loads(
        (ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["test"]}


def test_console_script_and_module_both_run():
    script = shutil.which("xyforecast", path=str(ROOT / ".venv" / "bin")) or shutil.which(
        "xyforecast")
    assert script, "the xyforecast console script is not installed"
    for command in ([script, "--version"], [sys.executable, "-m", "xyforecast", "--version"]):
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and result.stdout.startswith("xyforecast ")


def test_readme_two_commands_are_what_ci_runs():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make report" in readme and "make test" in readme
    assert "make report" in ci and "make test" in ci
