"""The reusable GitHub Action (action.yml) and the pre-commit hook (.pre-commit-hooks.yaml), run the
way GitHub and pre-commit run them, on fixture repositories in temporary folders."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.site import REPO

BIN = Path(sys.executable).parent
GATE = REPO / "action" / "gate.sh"


def action() -> dict:
    return yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))


def test_action_is_composite_and_passes_every_input_to_the_gate_script():
    spec = action()
    assert spec["runs"]["using"] == "composite"
    steps = spec["runs"]["steps"]
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    gate = next(s for s in steps if "action/gate.sh" in s.get("run", ""))
    assert '"$GITHUB_ACTION_PATH"' in install["run"], "installs from the action's own checkout"
    assert "action/gate.sh" in gate["run"]
    passed = {re.search(r"inputs\.([\w-]+)", value).group(1) for value in gate["env"].values()}
    assert passed == set(spec["inputs"]) - {"python-version"}
    assert GATE.stat().st_mode & 0o111, "gate.sh must be executable"


def checkout_env() -> dict:
    """The environment for `checklist` subprocesses: with `PYTHONPATH=src pytest`, made absolute, so
    that they run the checkout's code from the temporary folders they start in, as in-process tests do."""
    env = dict(os.environ)
    if env.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.pathsep.join(os.path.abspath(p) for p in env["PYTHONPATH"].split(os.pathsep) if p)
    return env


def gate(repo: Path, body: str | None = None, env_extra: dict | None = None, **inputs: str
         ) -> tuple[subprocess.CompletedProcess, str]:
    """Run action/gate.sh in `repo` as the action's last step does; returns (process, job summary).
    With a `body`, the event is a pull request; `env_extra` adds GitHub's variables (GITHUB_BASE_REF)."""
    summary = repo / "summary.md"
    summary.write_text("", encoding="utf-8")
    env = {k: v for k, v in checkout_env().items() if not k.startswith(("CHECKLIST_", "GITHUB_"))}
    env.update({"PATH": f"{BIN}{os.pathsep}{env['PATH']}", "GITHUB_STEP_SUMMARY": str(summary),
                "GITHUB_EVENT_NAME": "push"})
    if body is not None:
        event = repo / "event.json"
        event.write_text(json.dumps({"pull_request": {"number": 7, "body": body}}), encoding="utf-8")
        env.update({"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event)})
    env.update(env_extra or {})
    env.update({f"CHECKLIST_{k.upper()}": v for k, v in inputs.items()})
    done = subprocess.run(["bash", str(GATE)], cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    return done, summary.read_text(encoding="utf-8")


@pytest.fixture
def service(tmp_path) -> Path:
    """A team's repository with a project document of the real review checklist, nothing ticked."""
    subprocess.run([str(BIN / "checklist"), "export", "-c", "review", "--project", "payments", "-o", "checklist.json"],
                   cwd=tmp_path, check=True, capture_output=True, env=checkout_env())
    return tmp_path


def tick_every_must(repo: Path) -> None:
    document = json.loads((repo / "checklist.json").read_text(encoding="utf-8"))
    for item in document["items"]:
        if item["severity"] == "must":
            subprocess.run([str(BIN / "checklist"), "set", "checklist.json", item["id"], "done"], cwd=repo, check=True,
                           capture_output=True, env=checkout_env())


def test_open_must_items_fail_the_job_and_the_summary_shows_progress(service):
    done, summary = gate(service)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "| Checklist |" in summary and "| Design and implementation review |" in summary


def test_everything_ticked_and_a_clean_body_passes(service):
    tick_every_must(service)
    done, _ = gate(service, body="Adds caching.\n\n- [x] REV-001 reviewed\n")
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_unticked_must_item_in_the_body_fails_with_an_annotation(service):
    tick_every_must(service)
    done, _ = gate(service, body="- [ ] REV-001 not yet\n")
    assert done.returncode == 1
    assert "::error" in done.stdout and "REV-001" in done.stdout


def test_report_only_and_no_pr_check(service):
    done, summary = gate(service, body="- [ ] REV-001 not yet\n", fail_on="", pr_lint="false")
    assert done.returncode == 0, done.stdout + done.stderr
    assert summary


def test_pr_body_only(tmp_path):
    done, _ = gate(tmp_path, body="- [x] REV-001 reviewed\n", document="")
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_missing_or_broken_document_is_bad_input(service):
    missing, _ = gate(service, document="nope.json")
    assert missing.returncode == 2 and "::error" in missing.stdout and "nope.json" in missing.stdout
    (service / "checklist.json").write_text("{not json", encoding="utf-8")
    broken, _ = gate(service, pr_lint="false")
    assert broken.returncode == 2


def test_a_bad_input_value_is_bad_input(service):
    done, _ = gate(service, pr_lint="yes")
    assert done.returncode == 2 and "pr-lint must be true or false" in done.stdout


# -- baseline: the document on the pull request's base branch ---------------------------------------

GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.com", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, capture_output=True, text=True,
                          check=True, timeout=60)
    return done.stdout


def set_statuses(repo: Path, statuses: dict[str, str]) -> None:
    from handbook_checklists.document.build import dumps

    path = repo / "checklist.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    for item in document["items"]:
        if item["id"] in statuses:
            item["status"] = statuses[item["id"]]
    path.write_text(dumps(document), encoding="utf-8")


def musts(repo: Path) -> list[str]:
    document = json.loads((repo / "checklist.json").read_text(encoding="utf-8"))
    return [item["id"] for item in document["items"] if item["severity"] == "must"]


def publish(seed: Path, tmp_path: Path, first: str, message: str) -> Path:
    """Commit `first` (a file in `seed`) on main, push main to a new bare origin beside `tmp_path`, and
    switch `seed` to a new branch `feature`; returns the bare origin."""
    git(seed, "init", "-q", "-b", "main")
    git(seed, "add", first)
    git(seed, "commit", "-q", "-m", message)
    bare = tmp_path.parent / f"{tmp_path.name}-origin.git"
    git(tmp_path.parent, "init", "-q", "--bare", str(bare))
    git(seed, "remote", "add", "origin", str(bare))
    git(seed, "push", "-q", "origin", "main")
    git(seed, "checkout", "-q", "-b", "feature")
    return bare


@pytest.fixture
def origin(service, tmp_path) -> tuple[Path, str, str]:
    """(origin, un-ticked, still open): a bare repository whose main branch has the review checklist
    with every must-item done but one (`still open`), and a branch `feature` that un-ticks another
    (`un-ticked`), as a pull request would."""
    seed = service
    ids = musts(seed)
    unticked, still_open = ids[0], ids[-1]
    set_statuses(seed, {i: "done" for i in ids[:-1]})
    bare = publish(seed, tmp_path, "checklist.json", "Review checklist, all but one must-item done")
    set_statuses(seed, {unticked: "todo"})
    git(seed, "commit", "-q", "-am", f"Un-tick {unticked}")
    git(seed, "push", "-q", "origin", "feature")
    return bare, unticked, still_open


def checkout(bare: Path, branch: str, where: Path) -> Path:
    """As actions/checkout does by default: only the PR's branch, one commit deep; no origin/main."""
    git(where.parent, "clone", "-q", "--depth", "1", "--single-branch", "--branch", branch, bare.as_uri(), str(where))
    assert not git(where, "branch", "-r", "--list", "origin/main")
    return where


PULL_REQUEST = {"GITHUB_BASE_REF": "main"}


def test_baseline_fails_only_on_the_item_the_pull_request_un_ticks(origin, tmp_path):
    bare, unticked, still_open = origin
    work = checkout(bare, "feature", tmp_path.parent / f"{tmp_path.name}-work")
    done, summary = gate(work, body="", env_extra=PULL_REQUEST, baseline="true", pr_lint="false")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "baseline: checklist.json as on main" in done.stdout
    failing = done.stdout.split("Open items that fail the gate (1):")[1].split("\n\n")[0]
    assert unticked in failing and still_open not in failing
    assert "FAILED, 1 open must-items that the baseline had done, n/a or waived (1 excused by the baseline)" \
        in done.stdout
    assert "excused by the baseline" in summary and unticked in summary
    without, _ = gate(work, body="", pr_lint="false")  # the default: no baseline, every open must-item fails
    assert "FAILED, 2 open must-items" in without.stdout


def test_baseline_passes_a_pull_request_that_un_ticks_nothing(origin, service, tmp_path):
    bare, _, _ = origin
    git(service, "push", "-q", "origin", "main:refs/heads/tidy")  # a branch with main's document
    work = checkout(bare, "tidy", tmp_path.parent / f"{tmp_path.name}-work")
    done, _ = gate(work, body="", env_extra=PULL_REQUEST, baseline="true", pr_lint="false")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "passed, no open must-items that the baseline had done, n/a or waived (1 excused" in done.stdout


def test_baseline_without_the_document_on_the_base_branch_gates_on_everything(service, tmp_path):
    seed = service
    (seed / "README.md").write_text("service\n", encoding="utf-8")
    bare = publish(seed, tmp_path, "README.md", "Start")
    git(seed, "add", "checklist.json")
    git(seed, "commit", "-q", "-m", "Adopt the checklist")
    git(seed, "push", "-q", "origin", "feature")
    work = checkout(bare, "feature", tmp_path.parent / f"{tmp_path.name}-work")
    done, _ = gate(work, body="", env_extra=PULL_REQUEST, baseline="true", pr_lint="false")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "not on the base branch main; gating without a baseline" in done.stdout
    assert f"FAILED, {len(musts(work))} open must-items" in done.stdout


def test_baseline_outside_pull_requests_and_bad_values(origin, tmp_path):
    bare, _, _ = origin
    work = checkout(bare, "feature", tmp_path.parent / f"{tmp_path.name}-work")
    push, _ = gate(work, baseline="true", pr_lint="false")
    assert push.returncode == 1 and "not a pull_request event (push); gating without a baseline" in push.stdout
    assert "FAILED, 2 open must-items" in push.stdout
    bad, _ = gate(work, body="", env_extra=PULL_REQUEST, baseline="yes", pr_lint="false")
    assert bad.returncode == 2 and "input baseline must be true or false" in bad.stdout
    gone, _ = gate(work, body="", env_extra={"GITHUB_BASE_REF": "no-such-branch"}, baseline="true", pr_lint="false")
    assert gone.returncode == 2 and "::error title=checklist::baseline: cannot read the base branch" in gone.stdout
# -- probes ---------------------------------------------------------------------------------------


def test_the_sarif_upload_step_runs_only_when_probes_and_sarif_are_asked_for():
    spec = action()
    assert spec["inputs"]["probes"]["default"] == "false" and spec["inputs"]["sarif"]["default"] == ""
    upload = spec["runs"]["steps"][-1]
    assert upload["uses"] == "github/codeql-action/upload-sarif@v3"
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif }}"
    condition = upload["if"]
    assert "inputs.probes == 'true'" in condition and "inputs.sarif != ''" in condition
    assert "always()" in condition  # the SARIF is uploaded even when the gate failed the step


@pytest.fixture
def probed(tmp_path) -> Path:
    """A team's repository that fails every probe, with a project document of the security
    checklist whose must-items are all ticked."""
    from tests.support.probes import BAD_REPO, write_tree

    write_tree(tmp_path, BAD_REPO)
    subprocess.run([str(BIN / "checklist"), "export", "-c", "security", "--project", "payments", "-o", "checklist.json"],
                   cwd=tmp_path, check=True, capture_output=True, env=checkout_env())
    tick_every_must(tmp_path)
    return tmp_path


def test_probes_record_results_fail_the_gate_and_write_valid_sarif(probed):
    from tests.test_probes_cli import validate_sarif

    without, _ = gate(probed, pr_lint="false")
    assert without.returncode == 0, without.stdout + without.stderr
    done, summary = gate(probed, pr_lint="false", probes="true", sarif="probes.sarif")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "gate --fail-on-probes: FAILED" in done.stdout and "done, but its probe fails" in done.stdout
    assert "done, but its probe fails" in summary
    document = json.loads((probed / "checklist.json").read_text(encoding="utf-8"))
    autos = [i["auto"] for i in document["items"] if "auto" in i]
    assert autos and all(a["result"] in ("pass", "fail") for a in autos)
    log = json.loads((probed / "probes.sarif").read_text(encoding="utf-8"))
    validate_sarif(log)
    assert {r["ruleId"] for r in log["runs"][0]["results"]} >= {"SEC-017", "SEC-050"}


def test_probes_report_only_and_a_bad_probes_value(probed):
    done, _ = gate(probed, pr_lint="false", fail_on="", probes="true")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "FAIL  SEC-017" in done.stdout
    bad, _ = gate(probed, pr_lint="false", probes="yes")
    assert bad.returncode == 2 and "probes must be true or false" in bad.stdout


# -- pre-commit ------------------------------------------------------------------------------------

def hook() -> dict:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return next(h for h in hooks if h["id"] == "checklist-validate")


def run_hook(root: Path, files: list[str]) -> subprocess.CompletedProcess:
    """As pre-commit does: the entry, split like a shell would, with the changed files appended."""
    spec = hook()
    chosen = [f for f in files if re.search(spec["files"], f)]
    command = shlex.split(spec["entry"])
    command[0] = str(BIN / command[0])
    return subprocess.run(command + chosen, cwd=root, capture_output=True, text=True, timeout=120, env=checkout_env())


def test_the_hook_checks_only_checklist_files(tmp_path):
    spec = hook()
    assert re.search(spec["files"], "checklists/security.yml")
    assert not re.search(spec["files"], "docs/security/index.md")
    assert spec["pass_filenames"] is True and spec["language"] == "python"


def test_the_hook_passes_a_good_change_and_reports_a_bad_one_with_its_position(tmp_path):
    from tests.support.handbooks import write_small_handbook

    root = write_small_handbook(tmp_path)
    subprocess.run([str(BIN / "checklist"), "ids", "--handbook", str(root), "--update"], check=True,
                   capture_output=True, env=checkout_env())
    assert run_hook(root, ["checklists/security.yml", "docs/index.md"]).returncode == 0
    path = root / "checklists" / "security.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("severity: must", "severity: mandatory", 1),
                    encoding="utf-8")
    result = run_hook(root, ["checklists/security.yml"])
    assert result.returncode == 1
    assert re.search(r"checklists/security\.yml:\d+:\d+: SEC-\d+: .*mandatory", result.stderr), result.stderr


def test_the_hook_still_checks_rules_across_files(tmp_path):
    """A changed file that reuses an ID of another file fails, though only the changed file is passed."""
    from tests.support.handbooks import write_small_handbook

    root = write_small_handbook(tmp_path)
    subprocess.run([str(BIN / "checklist"), "ids", "--handbook", str(root), "--update"], check=True,
                   capture_output=True, env=checkout_env())
    review = root / "checklists" / "review.yml"
    review.write_text(review.read_text(encoding="utf-8").replace("REV-001", "SEC-001", 1), encoding="utf-8")
    result = run_hook(root, ["checklists/review.yml"])
    assert result.returncode == 1
    assert "SEC-001" in result.stderr
