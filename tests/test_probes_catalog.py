"""Every probe of the handbook (each item's `check:` in checklists/*.yml) passes its own passing
fixture and fails its own failing one (tests/support/probes.py); one repository passes every probe,
another fails every probe."""

from __future__ import annotations

import pytest

from handbook_checklists.probes.engine import run_probes
from tests.support.probes import BAD_REPO, CASES, DEPENDABOT, DIGEST, GOOD_REPO, PRIVATE_KEY, shipped_probes, write_tree

PROBES = list(shipped_probes())


def results(root, probes=PROBES) -> dict[str, object]:
    report = run_probes(root, probes)
    assert report.stopped is None
    return {r.probe.item_id: r.outcome for r in report.results}


def test_every_probe_has_a_passing_and_a_failing_fixture():
    assert len(PROBES) >= 35
    assert sorted(CASES) == sorted(p.item_id for p in PROBES)


@pytest.mark.parametrize("item_id", sorted(CASES))
def test_the_probe_passes_its_passing_fixture(tmp_path, item_id):
    probe = [p for p in PROBES if p.item_id == item_id]
    outcome = results(write_tree(tmp_path / "pass", CASES[item_id][0]), probe)[item_id]
    assert outcome.result == "pass", [e.message for e in outcome.evidence]


@pytest.mark.parametrize("item_id", sorted(CASES))
def test_the_probe_fails_its_failing_fixture_with_evidence(tmp_path, item_id):
    probe = [p for p in PROBES if p.item_id == item_id]
    outcome = results(write_tree(tmp_path / "fail", CASES[item_id][1]), probe)[item_id]
    assert outcome.result == "fail", [e.message for e in outcome.evidence]
    assert outcome.evidence and all(e.message for e in outcome.evidence)


def test_one_repository_passes_every_probe(tmp_path):
    found = results(write_tree(tmp_path, GOOD_REPO))
    failing = {k: [e.message for e in v.evidence] for k, v in found.items() if v.result != "pass"}
    assert failing == {}


def test_one_repository_fails_every_probe(tmp_path):
    found = results(write_tree(tmp_path, BAD_REPO))
    passing = sorted(k for k, v in found.items() if v.result != "fail")
    assert passing == []


def test_evidence_points_at_the_file_and_line_and_redacts_secrets(tmp_path):
    found = results(write_tree(tmp_path, BAD_REPO))
    secret = next(e for e in found["SEC-017"].evidence if e.file == "config.py")
    assert secret.line == 1 and "AKIA[redacted]" in secret.excerpt and "IOSFODNN7EXAMPLE" not in secret.excerpt
    pinned = next(e for e in found["OPS-006"].evidence if e.file == "action.yml")
    assert pinned.line == 4 and pinned.excerpt == "- uses: actions/checkout@v4"
    env = next(e for e in found["SEC-017"].evidence if e.file == ".env")
    assert env.message.startswith("expected no .env file is committed")


def test_gitignored_files_count_as_not_committed(tmp_path):
    write_tree(tmp_path, {".gitignore": "secrets/\n*.pem\n", "secrets/id.pem": PRIVATE_KEY,
                          "sub/.gitignore": "local.key\n", "sub/local.key": PRIVATE_KEY,
                          "app.py": "x = 1\n"})
    assert results(tmp_path)["SEC-017"].result == "pass"
    (tmp_path / "sub" / ".gitignore").write_text("", encoding="utf-8")
    outcome = results(tmp_path)["SEC-017"]
    assert outcome.result == "fail" and {e.file for e in outcome.evidence if e.file} == {"sub/local.key"}


def test_a_from_naming_an_earlier_stage_counts_as_unpinned_as_the_items_probe_paragraph_says(tmp_path):
    """OPS-011 reads each FROM line alone: telling `FROM build` (a stage named on an earlier line) from an
    image would need a backreference, which RE2 does not have. The item's **Probe:** paragraph says so,
    and says what to write instead."""
    (probe,) = [p for p in PROBES if p.item_id == "OPS-011"]
    assert "(`FROM build AS final`) counts as unpinned" in probe.limits and "`COPY --from=build`" in probe.limits
    staged = f"FROM golang:1.22{DIGEST} AS build\nRUN go build -o /app\nFROM build AS final\n"
    outcome = results(write_tree(tmp_path / "staged", {"Dockerfile": staged, ".github/dependabot.yml": DEPENDABOT}),
                      [probe])["OPS-011"]
    assert outcome.result == "fail" and [e.excerpt for e in outcome.evidence if e.excerpt] == ["FROM build AS final"]
    copied = f"FROM golang:1.22{DIGEST} AS build\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app\n"
    outcome = results(write_tree(tmp_path / "copied", {"Dockerfile": copied, ".github/dependabot.yml": DEPENDABOT}),
                      [probe])["OPS-011"]
    assert outcome.result == "pass"
