"""`lint_body` on a table of realistic pull-request bodies, each judged as GitHub renders it.

Each row is one body and what pr-lint must say about it: the exit status, the active items the
body references (in order of first mention), the must-items left open, and the findings (each
expected string is the start of one finding, in order). Rows run against the small version-2
handbook of tests/support/handbooks.py (write_small_handbook): SEC-001/004/005/010 and REV-001/002 are must-items, REV-003
a may-item; SEC-002 is retired for SEC-004, REV-009 retired without replacement. A few rows run
against the real catalog, and a few through the command line.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pytest

from handbook_checklists.catalog.handbook import Handbook
from handbook_checklists.model.urls import Links
from handbook_checklists.pulls.lint import MAX_BODY_CHARS, BodyTooLarge, lint_body
from tests.support.handbooks import write_small_handbook
from tests.support.cli import invoke

LINKS = Links("https://hb.example/")
OPEN = "is a must-item and is not ticked"


@dataclass
class Case:
    name: str
    body: str
    exit: int
    referenced: list[str] = field(default_factory=list)
    open: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    require_items: bool = False


def copy_for_pr(lines: list[str]) -> str:
    """What a checklist page's "Copy for pull request" button puts on the clipboard (overrides/assets/checklist.js)."""
    return ("**Security** 2.0.0 ([checklist](https://hb.example/checklists/security/)), project “payments”:\n\n"
            + "\n".join(lines) + "\n")


TEMPLATE_HEAD_ONLY = """\
## What and why

<!-- What does this change do, and why? Link the issue it closes. -->

Fixes the login redirect.

## Checklist

<!--
Tick each item this change satisfies. When an item does not apply, strike it through
(~~like this~~) or write "n/a: <reason>" on its line.
-->
"""

CASES = [
    # --- the bodies that used to pass while GitHub shows an open must-item
    Case("comment opener inside a fenced block", "```\n<!--\n```\n- [ ] SEC-001 open\n", 1,
         ["SEC-001"], ["SEC-001"], [f"line 4: SEC-001 {OPEN}"]),
    Case("comment opener inside inline code", "Write `<!--` to start a comment.\n\n- [ ] SEC-001 open\n", 1,
         ["SEC-001"], ["SEC-001"], [f"line 3: SEC-001 {OPEN}"]),
    Case("copy for PR: escaped <!-- in an n/a reason", copy_for_pr([
        "- [x] [SEC-001](https://hb.example/c/SEC-001/) Passwords are stored with a memory-hard hash",
        r"- [ ] ~~[SEC-004](https://hb.example/c/SEC-004/) Sessions expire~~ (n/a: templates keep \<!-- markers)",
        "- [ ] [SEC-005](https://hb.example/c/SEC-005/) Multi-factor authentication protects admin accounts",
        "- [ ] [SEC-010](https://hb.example/c/SEC-010/) Secrets live in a secret manager"]), 1,
         ["SEC-001", "SEC-004", "SEC-005", "SEC-010"], ["SEC-005", "SEC-010"],
         [f"line 5: SEC-005 {OPEN}", f"line 6: SEC-010 {OPEN}"]),
    Case("copy for PR: <!-- in code in an n/a reason", copy_for_pr([
        "- [ ] ~~[SEC-001](https://hb.example/c/SEC-001/) Passwords~~ (n/a: we only render `<!--` markers)",
        "- [ ] [SEC-004](https://hb.example/c/SEC-004/) Sessions expire after inactivity and on logout"]), 1,
         ["SEC-001", "SEC-004"], ["SEC-004"], [f"line 4: SEC-004 {OPEN}"]),
    Case("copy for PR: every item done or n/a", copy_for_pr([
        "- [x] [SEC-001](https://hb.example/c/SEC-001/) Passwords are stored with a memory-hard hash",
        "- [ ] ~~[SEC-005](https://hb.example/c/SEC-005/) Multi-factor authentication~~ (n/a: no admin UI)"]), 0,
         ["SEC-001", "SEC-005"]),
    # --- code
    Case("fenced blocks (backticks, tildes, info string) are code",
         "```yaml\n- [ ] SEC-001\nretired: SEC-002\n```\n\n~~~\n- [ ] REV-002\n~~~\n- [x] SEC-004 done\n", 0,
         ["SEC-004"]),
    Case("a fence inside a list item is code", "- Notes:\n\n  ```\n  - [ ] SEC-001\n  ```\n- [x] SEC-004\n", 0,
         ["SEC-004"]),
    Case("an unclosed fence runs to the end, as on GitHub", "Example:\n```\n- [ ] SEC-001\n", 0),
    Case("indented code block", "Output:\n\n    - [ ] SEC-001 printed by the tool\n    SEC-404\n\n- [x] REV-001\n", 0,
         ["REV-001"]),
    Case("inline code spans, also with backticks inside",
         "- [x] SEC-001 hashes with `argon2id` (not `SEC-999`, not ``SEC-998 ` x``)\n", 0, ["SEC-001"]),
    Case("<pre> and <code> in HTML are code", "<pre>\n- [ ] SEC-001\n</pre>\n\nRun <code>SEC-404</code> twice.\n", 0),
    # --- comments and HTML
    Case("HTML comment spanning lines hides the tasks in it",
         "<!--\n- [ ] SEC-001\n- [ ] SEC-005\n-->\n- [x] SEC-004\n", 0, ["SEC-004"]),
    Case("n/a inside a comment does not count", "- [ ] SEC-001 <!-- n/a: nobody sees this -->\n", 1,
         ["SEC-001"], ["SEC-001"], [f"line 1: SEC-001 {OPEN}"]),
    Case("comment across lines inside a paragraph keeps line numbers",
         "Intro <!-- a\nlong\nnote --> text\n\n- [ ] REV-001\n", 1, ["REV-001"], ["REV-001"], [f"line 5: REV-001 {OPEN}"]),
    Case("code spans and image text across lines keep line numbers",
         "- [ ] a `code\nspan` SEC-001 and ![alt\ntext](y.png) SEC-004\n", 1, ["SEC-001", "SEC-004"],
         ["SEC-001", "SEC-004"], [f"line 2: SEC-001 {OPEN}", f"line 3: SEC-004 {OPEN}"]),
    Case("<details> with blank lines: the task list inside is rendered",
         "<details>\n<summary>Checklist for SEC-001</summary>\n\n- [x] SEC-001\n- [ ] SEC-004\n\n</details>\n", 1,
         ["SEC-001", "SEC-004"], ["SEC-004"], [f"line 5: SEC-004 {OPEN}"]),
    Case("<details> without blank lines: raw HTML, no checkbox",
         "<details>\n<summary>Checklist</summary>\n- [ ] SEC-001\n</details>\n", 0, ["SEC-001"]),
    Case("<del> and <s> strike through like ~~",
         "- [ ] <del>SEC-001 Passwords</del> (no passwords here)\n- [ ] <s>SEC-004</s> SEC-005\n", 1,
         ["SEC-001", "SEC-004", "SEC-005"], ["SEC-005"], [f"line 2: SEC-005 {OPEN}"]),
    # --- lists, quotes, tables
    Case("a task item inside a block quote is a checkbox", "> Carried over from #41:\n>\n> - [ ] SEC-010 quoted\n", 1,
         ["SEC-010"], ["SEC-010"], [f"line 3: SEC-010 {OPEN}"]),
    Case("nested and ordered lists, * + 1. 1) markers, X",
         "- Security\n  - [X] SEC-001\n  + [ ] SEC-004\n    1. [ ] REV-001\n    2) [x] REV-002\n* [ ] REV-003 may\n", 1,
         ["SEC-001", "SEC-004", "REV-001", "REV-002", "REV-003"], ["SEC-004", "REV-001"],
         [f"line 3: SEC-004 {OPEN}", f"line 4: REV-001 {OPEN}"]),
    Case("a task's text wraps onto the next line", "- [ ] Sessions expire on logout\n  (SEC-004), see #12\n", 1,
         ["SEC-004"], ["SEC-004"], [f"line 2: SEC-004 {OPEN}"]),
    Case("no space after the box, or [ ] later in the line: not a task", "- [ ]SEC-001\n- see [ ] SEC-004\n", 0,
         ["SEC-001", "SEC-004"]),
    Case("a table with IDs: referenced, not tasks",
         "| Item | Done |\n|---|---|\n| SEC-001 | yes |\n| `SEC-999` | code |\n| SEC-404 | ? |\n", 1,
         ["SEC-001"], [], ["line 5: SEC-404 is not a handbook item (unknown ID)"]),
    Case("headings, emphasis, escapes and entities are prose",
         "## SEC-001 notes\n\n- [ ] **SEC\\-004** sessions\n- [ ] SEC&#45;005 MFA\n", 1,
         ["SEC-001", "SEC-004", "SEC-005"], ["SEC-004", "SEC-005"], [f"line 3: SEC-004 {OPEN}", f"line 4: SEC-005 {OPEN}"]),
    # --- line ends and encodings
    Case("CRLF from the GitHub API", "Intro\r\n\r\n- [x] SEC-001\r\n- [ ] SEC-004\r\n", 1,
         ["SEC-001", "SEC-004"], ["SEC-004"], [f"line 4: SEC-004 {OPEN}"]),
    Case("lone CR line ends", "- [x] SEC-001\r- [ ] SEC-004\r", 1, ["SEC-001", "SEC-004"], ["SEC-004"],
         [f"line 2: SEC-004 {OPEN}"]),
    Case("a BOM before the first task", "\ufeff- [ ] SEC-001\n", 1, ["SEC-001"], ["SEC-001"], [f"line 1: SEC-001 {OPEN}"]),
    Case("NUL characters", "- [x] SEC-001\0 done\n", 0, ["SEC-001"]),
    # --- not applicable
    Case("~~struck~~ items are not applicable", "- [ ] ~~SEC-001 passwords~~ (no login)\n- [ ] ~~SEC-004~~\n", 0,
         ["SEC-001", "SEC-004"]),
    Case("only the struck ID is not applicable", "- [ ] ~~SEC-001~~ but SEC-004 still applies\n", 1,
         ["SEC-001", "SEC-004"], ["SEC-004"], [f"line 1: SEC-004 {OPEN}"]),
    Case("n/a: with a reason, any case and spacing", "- [ ] SEC-001 N/A : no passwords\n- [ ] SEC-004 — n/a: no sessions\n",
         0, ["SEC-001", "SEC-004"]),
    Case("n/a without a reason", "- [ ] SEC-001 n/a:\n- [ ] SEC-004 n/a: —\n", 1, ["SEC-001", "SEC-004"], [],
         ["line 1: SEC-001: `n/a:` needs a reason", "line 2: SEC-004: `n/a:` needs a reason"]),
    Case("n/a inside inline code does not count", "- [ ] SEC-001 `n/a: not really`\n", 1, ["SEC-001"], ["SEC-001"],
         [f"line 1: SEC-001 {OPEN}"]),
    Case("an n/a reason may hold code", "- [ ] SEC-001 n/a: `bcrypt` is out of scope\n", 0, ["SEC-001"]),
    # --- IDs
    Case("IDs in any case, in link text and URLs",
         "Follows [the rule](https://hb.example/checklists/security/#sec-001), rev-001 and "
         "<https://hb.example/c/SEC-004/>; see [SEC-005][ref].\n\n[ref]: https://hb.example/c/SEC-005/\n", 0,
         ["SEC-001", "REV-001", "SEC-004", "SEC-005"]),
    Case("unknown ID, also in a permalink with a foreign prefix",
         "Refs SEC-404 (twice: SEC-404).\nSee https://hb.example/c/ZZZ-001/ too.\n", 1, [], [],
         ["line 1: SEC-404 is not a handbook item (unknown ID)", "line 2: ZZZ-001 is not a handbook item"]),
    Case("retired IDs, with and without a replacement", "Implements sec-002 and REV-009.\n", 1, [], [],
         ["line 1: SEC-002 is retired (Split: logout is now part of the rule.); use SEC-004 instead: "
          "https://hb.example/c/SEC-004/", "line 1: REV-009 is retired (Obsolete.) and has no replacement"]),
    Case("foreign prefixes are not item IDs", "Fixes JIRA-123; SHA-256, UTF-8, ISO-8601, CVE-2024-12345.\n", 0),
    Case("near misses of a handbook prefix", "Covers sec-10, SEC-01, SEC 010, SEC_010, SEC010 and REV–001.\n", 1, [], [],
         ["line 1: 'sec-10' is not an item ID: did you mean SEC-010?",
          "line 1: 'SEC-01' is not an item ID: did you mean SEC-001?",
          "line 1: 'SEC 010' is not an item ID: did you mean SEC-010?",
          "line 1: 'SEC_010' is not an item ID: did you mean SEC-010?",
          "line 1: 'SEC010' is not an item ID: did you mean SEC-010?",
          "line 1: 'REV–001' is not an item ID: did you mean REV-001?"]),
    Case("a near miss of no item", "Also sec-77.\n", 1, [], [], ["line 1: 'sec-77' is not an item ID (they look like SEC-001)"]),
    Case("prose that only resembles a near miss", "The rev 2 draft, api2, sec-1.example.com, REV 2.0 and `SEC 010`.\n", 0),
    # --- gates that cannot be emptied
    Case("empty body", "", 0),
    Case("empty body with --require-items", "", 1, [], [], ["the body references no handbook item"], True),
    Case("checklist deleted from the template, --require-items", TEMPLATE_HEAD_ONLY, 1, [], [],
         ["the body references no handbook item"], True),
    Case("checklist left in a comment, --require-items", "<!--\n- [x] SEC-001\n", 1, [], [],
         ["the body references no handbook item"], True),
    Case("a referenced item satisfies --require-items", "- [x] SEC-001\n", 0, ["SEC-001"], [], [], True),
    Case("blocks nested deeper than the parser reads", ">" * 25 + " - [ ] SEC-001\n", 1, [], [],
         ["line 1: blocks (quotes, lists) nested about 20 deep"]),
    Case("a long line of spaces", " " * 16_000 + "x\n- [ ] SEC-001\n", 1, ["SEC-001"], ["SEC-001"],
         [f"line 2: SEC-001 {OPEN}"]),
]


@pytest.fixture(scope="module")
def handbook(tmp_path_factory):
    return write_small_handbook(tmp_path_factory.mktemp("pr-bodies") / "handbook", version=2)


@pytest.fixture(scope="module")
def small_catalog(handbook):
    result = Handbook.at(handbook).load()
    assert result.ok
    return result.catalog


def check(case: Case, catalog) -> None:
    result = lint_body(case.body, catalog, LINKS, require_items=case.require_items)
    messages = [str(f) for f in result.findings]
    assert (1 if result.findings else 0) == case.exit, messages
    assert result.referenced == case.referenced
    assert [f.item_id for f in result.findings if OPEN in f.message] == case.open
    assert len(messages) == len(case.findings), messages
    for message, expected in zip(messages, case.findings):
        assert message.startswith(expected), (message, expected)


def test_the_table_is_big_enough():
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_body(case, small_catalog):
    check(case, small_catalog)


REAL_CASES = [
    Case("real catalog: a near miss names the item", "Adds CORS config (sec-14).\n", 1, [], [],
         ["line 1: 'sec-14' is not an item ID: did you mean SEC-014?"]),
    Case("real catalog: the near misses on the documentation page", "See SEC-00014, SEC–014 and SEC014.\n", 1, [], [],
         ["line 1: 'SEC-00014' is not an item ID: did you mean SEC-014?",
          "line 1: 'SEC–014' is not an item ID: did you mean SEC-014?",
          "line 1: 'SEC014' is not an item ID: did you mean SEC-014?"]),
    Case("real catalog: prose the documentation page says is left alone",
         "The rev 2 draft of the api2 client, API 2.0, and api-2.example.com.\n", 0),
    Case("real catalog: a generated template, partly ticked",
         "- [x] [SEC-014](https://hb.example/c/SEC-014/) CORS\n- [ ] [SEC-017](https://hb.example/c/SEC-017/) Secrets\n"
         "- [ ] [SEC-023](https://hb.example/c/SEC-023/) Defence layers (a should-item)\n", 1,
         ["SEC-014", "SEC-017", "SEC-023"], ["SEC-017"], [f"line 2: SEC-017 {OPEN}"]),
]


@pytest.mark.parametrize("case", REAL_CASES, ids=[case.name for case in REAL_CASES])
def test_body_against_the_real_catalog(case, catalog):
    check(case, catalog)


def test_bytes_are_decoded_without_the_bom(small_catalog):
    result = lint_body("\ufeff- [ ] SEC-001\r\n".encode("utf-8"), small_catalog, LINKS)
    assert [str(f)[:30] for f in result.findings] == ["line 1: SEC-001 is a must-item"]


def test_size_limit_is_githubs(small_catalog):
    body = "- [x] SEC-001\n" + "a" * (MAX_BODY_CHARS - 14)
    assert len(body) == MAX_BODY_CHARS and lint_body(body, small_catalog, LINKS).referenced == ["SEC-001"]
    crlf = body.replace("\n", "\r\n")  # CRLF counts once, as in the body GitHub stored
    assert lint_body(crlf, small_catalog, LINKS).referenced == ["SEC-001"]
    with pytest.raises(BodyTooLarge, match="65,537 characters; GitHub allows at most 65,536"):
        lint_body(body + "a", small_catalog, LINKS)


@pytest.mark.parametrize("body", [" " * 65_000 + "x", "x" + " " * 65_000 + "x", "[" * MAX_BODY_CHARS,
                                  "<a " * (MAX_BODY_CHARS // 3), "<!--" * (MAX_BODY_CHARS // 4),
                                  "sec-1 " * (MAX_BODY_CHARS // 6), "- [ ] n/a " * (MAX_BODY_CHARS // 10),
                                  "<details>\n" + "<a " * (MAX_BODY_CHARS // 3 - 4)],
                         ids=["spaces+x", "x+spaces+x", "brackets", "open-tags", "comment-openers", "near-misses",
                              "na-tasks", "html-block-open-tags"])
def test_worst_cases_stay_fast(body, small_catalog):
    start = time.process_time()
    lint_body(body, small_catalog, LINKS)
    assert time.process_time() - start < 5.0


# ---------------------------------------------------------------------------------------------
# Through the command line


@pytest.mark.parametrize("case", [c for c in CASES if c.name in {
    "comment opener inside a fenced block", "comment opener inside inline code",
    "copy for PR: escaped <!-- in an n/a reason", "empty body with --require-items", "CRLF from the GitHub API",
    "a BOM before the first task"}], ids=lambda c: c.name)
def test_cli(case, handbook):
    args = ["pr-lint", "-"] + (["--require-items"] if case.require_items else [])
    result = invoke(args, handbook, input=case.body.encode("utf-8"))
    assert result.exit_code == case.exit, result.output
    findings = [line for line in result.stdout.splitlines() if not line.startswith("ok: ")]
    assert len(findings) == len(case.findings), result.stdout
    for line, expected in zip(findings, case.findings):
        assert line.startswith(expected), (line, expected)


def test_cli_refuses_a_body_over_the_limit(handbook, tmp_path):
    body = tmp_path / "big.md"
    body.write_bytes(b"- [ ] SEC-001 lorem ipsum\n" * 400_000)  # about 10 MB
    result = invoke(["pr-lint", body], handbook)
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"error: {body}: the body has 10,400,000 characters; GitHub allows at most "
                                     "65,536 in a pull-request body")
