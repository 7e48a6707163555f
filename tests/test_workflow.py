"""The GitHub Actions workflow: valid for actionlint, least privileges, deploys only tested builds of main."""

import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = REPO / ".github" / "workflows" / "site.yml"


def lint(*files):
    return subprocess.run(
        ["node", "scripts/lint_workflows.mjs", *map(str, files)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )


def test_actionlint_passes():
    proc = lint()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 problem(s)" in proc.stdout


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n")
    proc = lint(broken)
    assert proc.returncode == 1 and "nope" in proc.stdout


@pytest.fixture(scope="module")
def workflow():
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def test_triggers(workflow):
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "pull_request" in workflow["on"]


def test_least_privileges(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert "permissions" not in jobs["build"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    # Only the job that pushes the notebooks may write to the repository, and it runs none of its code.
    assert jobs["notebooks"]["permissions"] == {"contents": "write"}
    assert [job for job, spec in jobs.items() if "write" in str(spec.get("permissions", ""))] == ["deploy", "notebooks"]
    assert not any(s.get("uses", "").startswith("actions/checkout@") for s in jobs["notebooks"]["steps"])


def test_notebooks_are_published_only_from_a_green_build_of_main(workflow):
    job = workflow["jobs"]["notebooks"]
    assert job["needs"] == "build"
    assert job["if"] == workflow["jobs"]["deploy"]["if"]
    upload = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["if"] == job["if"]


def test_colab_links_point_where_the_workflow_publishes_each_notebook(workflow, site):
    """Follow each notebook from the built site to the notebooks branch as the workflow moves it:
    upload-artifact keeps the path after the pattern's first wildcard, download-artifact puts the files
    under its `path`, and the push step commits the working directory's tree to NOTEBOOKS_BRANCH.
    Where it lands must be what the page's Colab link opens."""
    from bs4 import BeautifulSoup

    from browser import mkdocs_config

    upload = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    job = workflow["jobs"]["notebooks"]
    download = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/download-artifact@"))
    push = next(s for s in job["steps"] if "git push" in s.get("run", ""))
    assert download["with"]["name"] == upload["with"]["name"]
    pattern = upload["with"]["path"]
    assert pattern.startswith("site/")
    root = pattern[: pattern.index("*")].rstrip("/")  # site/examples
    landing = Path(download["with"]["path"]).relative_to(push["working-directory"])
    branch = job["env"]["NOTEBOOKS_BRANCH"]
    assert '"HEAD:refs/heads/$NOTEBOOKS_BRANCH"' in push["run"] and "git add examples" in push["run"]
    plugin = next(p["run-examples"] for p in mkdocs_config()["plugins"] if isinstance(p, dict) and "run-examples" in p)
    assert plugin["github"]["notebooks_branch"] == branch

    # `site` is the built site (the workflow's site/ folder).
    notebooks = sorted(site.glob(pattern.removeprefix("site/")))
    assert len(notebooks) == len(list(REPO.glob("examples/[0-9]*.py")))
    for notebook in notebooks:
        in_branch = (landing / notebook.relative_to(site / root.removeprefix("site/"))).as_posix()
        page = BeautifulSoup((notebook.parent / "index.html").read_text(encoding="utf-8"), "html.parser")
        colab = page.select_one("a.sitebuild-colab")["href"]
        assert colab.endswith(f"/blob/{branch}/{in_branch}"), (colab, in_branch)


def test_deploy_only_after_a_green_build_of_main(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    uses = [s.get("uses", "") for s in deploy["steps"]]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


def test_build_runs_the_tests_before_uploading(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    uses = [s.get("uses", "") for s in steps]
    upload = next(i for i, u in enumerate(uses) if u.startswith("actions/upload-pages-artifact@"))
    assert runs.index("make test") < upload and runs.index("make build") < upload


def test_torch_is_the_cpu_build(workflow):
    assert workflow["jobs"]["build"]["env"]["PIP_EXTRA_INDEX_URL"].endswith("/whl/cpu")


def test_example_cache_is_kept_between_runs_and_keyed_on_the_environment(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == ".cache"
    for part in ("requirements.txt", "requirements-test.txt", "sitebuild/**"):
        assert part in cache["with"]["key"]
    assert cache["with"]["restore-keys"].strip() in cache["with"]["key"]
    assert steps.index(cache) < [s.get("run") for s in steps].index("make test")


def test_browser_tests_and_lighthouse_use_playwrights_chromium(workflow):
    """On the runner, Playwright's own Chromium (matching the pinned playwright) and its system libraries,
    installed before the tests and named to them (CHROMIUM) and to Lighthouse (CHROME_PATH)."""
    runs = [s.get("run", "") for s in workflow["jobs"]["build"]["steps"]]
    install = next(i for i, run in enumerate(runs) if "playwright install --with-deps chromium" in run)
    assert install < runs.index("make test") < runs.index("make lighthouse")
    for name in ("CHROMIUM", "CHROME_PATH"):
        assert f'echo "{name}=$chromium_path" >> "$GITHUB_ENV"' in runs[install]
    assert "CHROMIUM" not in workflow["jobs"]["build"]["env"]
