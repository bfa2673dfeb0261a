"""`pr-template` and `pr-lint` on real-looking pull-request bodies."""

from __future__ import annotations

import json
import re

import pytest

from tests.support.handbooks import write_small_handbook
from tests.support.cli import invoke, run_process

LINE = re.compile(r"^- \[ \] \[([A-Z]{2,5}-[0-9]{3,4})\]\((https://hb\.example/c/\1/)\) \S.*$")


@pytest.fixture
def handbook(tmp_path):
    return write_small_handbook(tmp_path / "handbook", version=2)


def lint(handbook, body: str, *extra, **env):
    return invoke(["pr-lint", "-", *extra], handbook, input=body, **env)


# ---------------------------------------------------------------------------------------------
# pr-template


def test_template_lines_link_permalinks(handbook):
    result = invoke(["pr-template", "-c", "security", "-s", "must"], handbook)
    assert result.exit_code == 0
    tasks = [line for line in result.stdout.splitlines() if line.startswith("- [")]
    assert [LINE.match(line).group(1) for line in tasks] == ["SEC-001", "SEC-004", "SEC-005", "SEC-010"]
    assert "- [ ] [SEC-001](https://hb.example/c/SEC-001/) Passwords are stored with a memory-hard hash" in tasks
    assert "### Security" in result.stdout and "**Authentication**" in result.stdout


def test_template_filters_by_section_and_bare(handbook):
    result = invoke(["pr-template", "--section", "secrets", "--section", "review:Implementation", "--bare",
                     "-s", "must"], handbook)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(LINE.match(line) for line in lines)
    assert [LINE.match(line).group(1) for line in lines] == ["REV-001", "REV-002", "SEC-010"]


def test_template_to_a_file_and_no_match(handbook, tmp_path):
    out = tmp_path / ".github" / "pull_request_template.md"
    out.parent.mkdir()
    result = invoke(["pr-template", "-c", "review", "-o", out], handbook)
    assert result.exit_code == 0 and result.stdout.strip() == f"wrote {out}: 3 items"
    assert out.read_text(encoding="utf-8").count("- [ ] [REV-") == 3
    result = invoke(["pr-template", "-c", "review", "-p", "operate"], handbook)
    assert result.exit_code == 2 and "no items match" in result.stderr


def test_the_generated_template_fails_until_ticked(handbook):
    template = invoke(["pr-template", "-c", "review"], handbook).stdout
    result = lint(handbook, template)
    assert result.exit_code == 1
    assert [re.search(r"(REV-\d+) is a must-item and is not ticked", line).group(1)
            for line in result.stdout.splitlines()] == ["REV-001", "REV-002"]
    ticked = template.replace("- [ ] [REV-001]", "- [x] [REV-001]").replace(
        "- [ ] [REV-002](https://hb.example/c/REV-002/) Errors are logged with request context",
        "- [ ] [REV-002](https://hb.example/c/REV-002/) Errors are logged with request context — n/a: no new code paths")
    result = lint(handbook, ticked)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip() == "ok: 3 items referenced, 1 ticked, 1 not applicable"


# ---------------------------------------------------------------------------------------------
# pr-lint


REAL_BODY = """\
## Summary

Moves session handling to Redis so instances can be killed safely. Closes #42.
Follows [SEC-004](https://hb.example/c/SEC-004/) and the review checklist; see also
https://hb.example/checklists/security/#sec-001 for the hashing change in JIRA-123.

## Checklist

- [x] [SEC-001](https://hb.example/c/SEC-001/) Passwords are stored with a memory-hard hash
- [X] sec-004 sessions expire after inactivity and on logout
* [ ] ~~[SEC-005](https://hb.example/c/SEC-005/) MFA for admins~~ (no admin UI here)
- [ ] [SEC-010](https://hb.example/c/SEC-010/) Secrets in a secret manager — N/A: this service has no secrets
- Review
  - [x] REV-001 tests cover the new behaviour
  - [ ] REV-003 behind a feature flag (a may-item: may stay unticked)

```yaml
# an example config, not a checklist line:
- [ ] SEC-002 old rule
retired: SEC-002
```

~~~
- [ ] REV-002
~~~

Inline code is ignored too: `SEC-999`, ``SEC-998 with a ` tick``.
<!-- template note: tick SEC-777 -->
SHA-256, UTF-8 and CVE-2024-12345 are not item IDs.
"""


def test_a_clean_real_looking_body_passes(handbook):
    result = lint(handbook, REAL_BODY)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "ok: 6 items referenced, 3 ticked, 2 not applicable"


def test_crlf_bodies_from_the_github_api(handbook):
    assert lint(handbook, REAL_BODY.replace("\n", "\r\n")).exit_code == 0


def test_findings(handbook):
    body = """\
Refs sec-002 and REV-009, and the unknown SEC-404 (twice: SEC-404).

1. [ ] [SEC-005](https://hb.example/c/SEC-005/) MFA
2. [x] SEC-001
   - [ ] REV-002 nested and unticked
- [ ] REV-001 n/a:
> - [ ] SEC-010 quoted task
- [ ] see https://hb.example/c/ZZZ-001/ for details
"""
    result = lint(handbook, body)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "line 1: SEC-002 is retired (Split: logout is now part of the rule.); use SEC-004 instead: "
        "https://hb.example/c/SEC-004/",
        "line 1: REV-009 is retired (Obsolete.) and has no replacement",
        "line 1: SEC-404 is not a handbook item (unknown ID)",
        "line 3: SEC-005 is a must-item and is not ticked: Multi-factor authentication protects admin accounts "
        "(tick it, strike it through, or add `n/a: reason`)",
        "line 5: REV-002 is a must-item and is not ticked: Errors are logged with request context "
        "(tick it, strike it through, or add `n/a: reason`)",
        "line 6: REV-001: `n/a:` needs a reason after the colon, e.g. `n/a: no user input here`",
        "line 7: SEC-010 is a must-item and is not ticked: Secrets live in a secret manager, not in the repository "
        "(tick it, strike it through, or add `n/a: reason`)",
        "line 8: ZZZ-001 is not a handbook item (unknown ID)",
    ]
    assert "8 findings" in result.stderr


def test_github_annotations(handbook):
    result = lint(handbook, "- [ ] SEC-001\n", "--format", "github")
    assert result.exit_code == 1
    assert "::error title=checklist pr-lint::line 1: SEC-001 is a must-item" in result.stdout


def test_body_from_a_file_and_from_the_github_event(handbook, tmp_path):
    body = tmp_path / "body.md"
    body.write_text("- [ ] SEC-001\n", encoding="utf-8")
    result = invoke(["pr-lint", body], handbook)
    assert result.exit_code == 1 and result.stdout.startswith(f"{body}: line 1: SEC-001")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "opened", "pull_request": {"number": 7, "body": "- [x] SEC-001\n"}}),
                     encoding="utf-8")
    result = invoke(["pr-lint"], handbook, GITHUB_EVENT_PATH=str(event))
    assert result.exit_code == 0 and "1 ticked" in result.stdout
    event.write_text(json.dumps({"pull_request": {"number": 7, "body": None}}), encoding="utf-8")
    assert invoke(["pr-lint"], handbook, GITHUB_EVENT_PATH=str(event)).exit_code == 0
    event.write_text(json.dumps({"ref": "refs/heads/main"}), encoding="utf-8")
    result = invoke(["pr-lint"], handbook, GITHUB_EVENT_PATH=str(event))
    assert result.exit_code == 2 and "the event has no pull_request" in result.stderr


def test_pr_lint_bad_input(handbook, tmp_path):
    result = invoke(["pr-lint", tmp_path / "missing.md"], handbook)
    assert result.exit_code == 2 and "no such file" in result.stderr
    result = invoke(["pr-lint"], handbook, GITHUB_EVENT_PATH="")
    assert result.exit_code == 2 and "no PR body" in result.stderr
    binary = tmp_path / "body.bin"
    binary.write_bytes(b"\xff\xfe- [ ] SEC-001")
    result = invoke(["pr-lint", binary], handbook)
    assert result.exit_code == 2 and "not UTF-8" in result.stderr


def test_pr_lint_as_a_real_process_in_actions(handbook, tmp_path):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"body": "Implements SEC-002.\n- [ ] SEC-001\n"}}), encoding="utf-8")
    result = run_process(["pr-lint", "--format", "github"], cwd=tmp_path, root=handbook, GITHUB_EVENT_PATH=str(event))
    assert result.returncode == 1
    assert "line 1: SEC-002 is retired" in result.stdout
    assert "::error title=checklist pr-lint::line 2: SEC-001 is a must-item" in result.stdout


# ---------------------------------------------------------------------------------------------
# Bodies read as GitHub renders them (more in tests/test_pr_bodies.py)


@pytest.mark.parametrize("body", ["```\n<!--\n```\n- [ ] SEC-001 open\n",
                                  "Write `<!--` to start a comment.\n\n- [ ] SEC-001 open\n"])
def test_a_comment_opener_in_code_hides_nothing(handbook, body):
    result = lint(handbook, body)
    assert result.exit_code == 1
    assert "SEC-001 is a must-item and is not ticked" in result.stdout


def test_require_items(handbook):
    template_head = invoke(["pr-template", "-c", "review"], handbook).stdout.split("### Review")[0]
    for body in ("", "Fixes #12.\n", template_head):
        assert lint(handbook, body).exit_code == 0
        result = lint(handbook, body, "--require-items", "--format", "github")
        assert result.exit_code == 1
        assert result.stdout.splitlines()[0].startswith("the body references no handbook item (--require-items)")
        assert "::error title=checklist pr-lint::the body references no handbook item" in result.stdout
    result = lint(handbook, "- [x] REV-001\n", "--require-items")
    assert result.exit_code == 0 and result.stdout.strip() == "ok: 1 item referenced, 1 ticked, 0 not applicable"


def test_near_misses_are_findings(handbook):
    result = lint(handbook, "Covers sec-10 and SEC 001.\n")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["line 1: 'sec-10' is not an item ID: did you mean SEC-010?",
                                          "line 1: 'SEC 001' is not an item ID: did you mean SEC-001?"]


def test_bodies_over_githubs_limit_are_refused(handbook, tmp_path):
    result = lint(handbook, "x" * 65_536)
    assert result.exit_code == 0
    result = lint(handbook, "x" * 65_537)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == "error: -: the body has 65,537 characters; GitHub allows at most 65,536 in a pull-request body\n"
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"body": "- [x] SEC-001\n" * 5000}}), encoding="utf-8")
    result = invoke(["pr-lint"], handbook, GITHUB_EVENT_PATH=str(event))
    assert result.exit_code == 2 and "the body has 70,000 characters" in result.stderr
