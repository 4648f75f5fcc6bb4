"""The GitHub Actions workflow is valid and runs the same commands as the README."""

import subprocess
import sys
from pathlib import Path

import yaml

from tools.pages import PROJECT_ROOT

WORKFLOW = PROJECT_ROOT / ".github" / "workflows" / "site.yml"


def test_workflow_passes_the_schema_linter():
    linter = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run(
        [str(linter), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_tests_with_make_test_and_deploys_a_strict_build():
    jobs = yaml.safe_load(WORKFLOW.read_text())["jobs"]
    commands = {name: [step.get("run") for step in job["steps"]] for name, job in jobs.items()}
    assert "make test" in commands["test"]
    assert "make build" in commands["deploy"]
    assert jobs["deploy"]["needs"] == "test"
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert "make test" in readme and "make serve" in readme
