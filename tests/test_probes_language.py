"""The probe language (the `check:` of an item, definition `check` in schemas/checklist.schema.json):
bad probes are loader errors at path:line:column with the item's ID, like every other rule; named
file sets stand for their globs in place; and the item states the probe's limits once, in the
closing **Probe:** paragraph of its `how`."""

from __future__ import annotations

import re

import pytest
import yaml
from jsonschema import Draft7Validator

from handbook_checklists.catalog.file_sets import file_sets
from handbook_checklists.catalog.handbook import Handbook
from handbook_checklists.catalog.probe_limits import probe_limits
from handbook_checklists.catalog.probe_rules import (check_problems, compile_globs, compile_regex, expand_file_sets,
                                                     probe_version)
from handbook_checklists.probes.definitions import probes_for
from handbook_checklists.probes.engine import Probe, run_probes
from handbook_checklists.schemas import CHECKLIST_SCHEMA, load_schema
from tests.support.handbooks import VALID_CHECKLIST, checklist, item, make_handbook
from tests.support.probes import shipped_probes, write_tree
from tests.support.site import REPO

#: DEM-002's `how`, after its `check:` so that the check's line numbers stay those of VALID_CHECKLIST.
HOW = """\
        how: |-
          Do it, and verify it.

          **Probe:** passes when the file is there. A pass is evidence, not proof.
"""


def with_check(check_yaml: str, how: str = HOW) -> str:
    """The valid demo checklist with a `check:` (YAML, indented under the key) on DEM-002, and `how`."""
    lines = "\n".join("          " + line for line in check_yaml.strip("\n").splitlines())
    return VALID_CHECKLIST + "        check:\n" + lines + "\n" + how


def load(tmp_path, check_yaml: str, how: str = HOW):
    return Handbook.at(make_handbook(tmp_path, checklists={"demo.yml": with_check(check_yaml, how)})).load()


def messages(result) -> list[str]:
    return [str(d) for d in result.diagnostics]


GOOD = """\
all:
  - path_exists: [poetry.lock, package-lock.json]
    message: a lockfile is committed
  - not:
      path_exists: .env
  - any:
      - files: ['*.py', '!vendor/']
        contains: '(?m)^import re2$'
      - files: Dockerfile
        lacks: '(?mi)^USER\\s+root'
        redact: true
  - files: Dockerfile
    lines: '^FROM\\s'
    match: '@sha256:[0-9a-f]{64}'
  - path_absent: '*.pem'
"""


def test_a_valid_check_loads_onto_the_item(tmp_path):
    result = load(tmp_path, GOOD)
    assert result.ok, messages(result)
    check = result.catalog.item("DEM-002").check
    assert check["all"][0]["path_exists"] == ["poetry.lock", "package-lock.json"]


@pytest.mark.parametrize("check_yaml,expected", [
    ("files: '*.py'\ncontains: '(a)\\1'",
     r"checklists/demo.yml:23:\d+: DEM-002: check: invalid regular expression .*backreferences or lookaround"),
    ("files: '*.py'\nlacks: 'secret(?=x)'", r"checklists/demo.yml:23:\d+: DEM-002: check: .*invalid perl operator"),
    ("files: '*.py'\ncontains: '(((a{100}){100}){100})'", r"checklists/demo.yml:23:\d+: DEM-002: check: .*repetition"),
    ("files: '*.py'\ncontains: '['", r"checklists/demo.yml:23:\d+: DEM-002: check: invalid regular expression '\['"),
    ("all:\n  - path_exists: ok\n  - path_exists: 'bad\\'", r"checklists/demo.yml:24:\d+: DEM-002: check: invalid glob"),
    ("path_exists: ['!only-negated']", r"checklists/demo.yml:22:\d+: DEM-002: check: .*only negated"),
    ("shell: rm -rf /", r"checklists/demo.yml:22:\d+: DEM-002: .*'check' needs one of the keys all, any, not, "
                        r"path_exists, path_absent, files\+contains, files\+lacks, files\+lines\+match; found shell"),
    ("files: '/etc/passwd'\ncontains: root", r"checklists/demo.yml:22:\d+: DEM-002: .*"),
    ("files: '../outside'\ncontains: x", r"checklists/demo.yml:22:\d+: DEM-002: .*"),
])
def test_a_bad_probe_is_a_loader_error_at_its_position(tmp_path, check_yaml, expected):
    found = messages(load(tmp_path, check_yaml))
    assert len(found) == 1 and re.match(expected, found[0]), found


def test_every_problem_of_one_probe_is_reported(tmp_path):
    found = messages(load(tmp_path, "all:\n  - files: 'a\\'\n    contains: '(?<=x)'\n  - path_absent: 'b\\'"))
    assert len(found) == 3, found
    assert all(m.startswith("checklists/demo.yml:") and ": DEM-002: check: " in m for m in found)


def test_regular_expressions_are_linear_time_re2():
    pattern = compile_regex("(a+)+$")
    import time
    start = time.perf_counter()
    assert pattern.search(b"a" * 100_000 + b"!") is None
    assert time.perf_counter() - start < 0.5


def test_probe_version_is_a_hash_of_the_definition():
    a = probe_version({"path_exists": "x", "message": "m"})
    assert re.fullmatch(r"sha256:[0-9a-f]{12}", a)
    assert a == probe_version({"message": "m", "path_exists": "x"})  # key order does not matter
    assert a != probe_version({"path_exists": "y", "message": "m"})


def test_check_problems_is_empty_for_a_good_probe():
    assert check_problems(yaml.safe_load(GOOD)) == []


# -- file sets ---------------------------------------------------------------------------------


def test_a_file_set_stands_for_its_globs_in_place_so_later_negations_apply(tmp_path):
    result = load(tmp_path, "files: [README.md, {fileset: docker}, '!legacy/']\ncontains: '(?m)^USER app$'")
    assert result.ok, messages(result)
    check = result.catalog.item("DEM-002").check
    assert check["files"] == ["README.md", *file_sets()["docker"].globs, "!legacy/"]
    repo = write_tree(tmp_path / "repo", {"legacy/Dockerfile": "FROM x\nUSER app\n", "Dockerfile": "FROM x\n"})
    (outcome,) = [r.outcome for r in run_probes(repo, [Probe("DEM-002", check)]).results]
    assert outcome.result == "fail"  # legacy/Dockerfile matches the set, and the later '!legacy/' excludes it
    (repo / "Containerfile").write_text("FROM x\nUSER app\n", encoding="utf-8")
    (outcome,) = [r.outcome for r in run_probes(repo, [Probe("DEM-002", check)]).results]
    assert outcome.result == "pass" and outcome.evidence[0].file == "Containerfile"


def test_file_sets_work_wherever_globs_do_and_version_the_probe_by_their_globs(tmp_path):
    written = """\
all:
  - path_exists: [{fileset: lockfiles}]
  - not:
      path_absent: [{fileset: ci}]
  - any:
      - files: [{fileset: code}]
        lacks: secret
      - files: [{fileset: docker}]
        lines: '^FROM'
        match: '@sha256:'
"""
    result = load(tmp_path, written)
    assert result.ok, messages(result)
    spelled_out = yaml.safe_load(written)
    spelled_out["all"][0]["path_exists"] = list(file_sets()["lockfiles"].globs)
    spelled_out["all"][1]["not"]["path_absent"] = list(file_sets()["ci"].globs)
    spelled_out["all"][2]["any"][0]["files"] = list(file_sets()["code"].globs)
    spelled_out["all"][2]["any"][1]["files"] = list(file_sets()["docker"].globs)
    check = result.catalog.item("DEM-002").check
    assert check == spelled_out == expand_file_sets(yaml.safe_load(written))
    # the version hashes the globs a set stands for: a changed set is a changed probe
    assert probe_version(check) == probe_version(spelled_out) != probe_version(yaml.safe_load(written))


@pytest.mark.parametrize("check_yaml,expected", [
    ("files: [{fileset: cii}]\ncontains: x",
     r"checklists/demo\.yml:22:\d+: DEM-002: check: unknown file set 'cii'; did you mean 'ci'\? "
     r"\(known: ci, docker, code, manifests, lockfiles, updates, codeowners\)$"),
    ("all:\n  - path_exists: x\n  - path_absent: [a, {fileset: zzz}]",
     r"checklists/demo\.yml:24:\d+: DEM-002: check: unknown file set 'zzz' \(known: ci, docker, "),
    ("files: [{fileset: CI}]\ncontains: x", r"checklists/demo\.yml:22:\d+: DEM-002: 'fileset' value 'CI' does not match"),
    ("files: [{files: ci}]\ncontains: x", r"checklists/demo\.yml:22:\d+: DEM-002: missing required key 'fileset'"
                                          r"\n.*:22:\d+: DEM-002: unknown key 'files'; did you mean 'fileset'\?$"),
    ("files: {fileset: ci}\ncontains: x", r"checklists/demo\.yml:22:\d+: DEM-002: 'files' must be text or a list, not a mapping"),
])
def test_a_bad_file_set_is_a_loader_error_at_its_position(tmp_path, check_yaml, expected):
    found = messages(load(tmp_path, check_yaml))
    assert re.match(expected, "\n".join(found)), found


def test_a_probe_with_an_unknown_file_set_ends_in_error_never_in_a_verdict(tmp_path):
    check = expand_file_sets({"files": ["*.py", {"fileset": "nope"}], "contains": "x"})
    assert check["files"] == ["*.py", {"fileset": "nope"}]
    (result,) = run_probes(write_tree(tmp_path, {"a.py": "x\n"}), [Probe("DEM-002", check)]).results
    assert result.outcome.result == "error" and "unknown file set 'nope'" in result.outcome.message


def test_a_team_checklist_uses_the_file_sets_too(tmp_path):
    how = "Do it.\n\n**Probe:** reads the Dockerfiles. A pass is evidence, not proof."
    team = checklist("payments-team", "XPAY", "Payments team", "1.0.0", {"Our rules": [
        item("XPAY-001", how=how, check={"files": [{"fileset": "docker"}], "contains": "(?m)^USER payments$"}),
        item("XPAY-002", how=how, check={"path_exists": [{"fileset": "dockr"}]}),
    ]})
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "payments-team.yml").write_text(yaml.safe_dump(team, sort_keys=False), encoding="utf-8")
    result = Handbook.at(make_handbook(tmp_path / "hb")).load(local_dirs=(tmp_path / "team",))
    (found,) = messages(result)
    assert re.search(r"team/payments-team\.yml:\d+:\d+: XPAY-002: check: unknown file set 'dockr'; did you mean "
                     r"'docker'\? \(known: ci, docker, ", found), found
    assert result.catalog.item("XPAY-001").check["files"] == list(file_sets()["docker"].globs)


def test_the_shipped_file_sets_are_valid_and_each_is_used():
    definitions = load_schema(CHECKLIST_SCHEMA)["definitions"]
    name = Draft7Validator({**definitions["fileSetRef"]["properties"]["fileset"], "definitions": definitions})
    glob = Draft7Validator({**definitions["glob"], "definitions": definitions})
    assert len(file_sets()) >= 6
    for found in file_sets().values():
        assert name.is_valid(found.name) and found.description.strip(), found.name
        assert found.globs and all(glob.is_valid(g) for g in found.globs), found.name
        compile_globs(found.globs)
    used = set()

    def walk(node):
        if isinstance(node, dict):
            if set(node) == {"fileset"}:
                used.add(node["fileset"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in (REPO / "checklists").glob("*.yml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert used == set(file_sets())


# -- the limits of a probe: the closing **Probe:** paragraph of the item's `how` ---------------


def test_the_limits_are_the_closing_probe_paragraph_of_how(tmp_path):
    how = """\
        how: |-
          Do it.

          **Probe:** passes when `README.md` is there,
          on two lines. A pass is evidence, not proof.
"""
    result = load(tmp_path, "path_exists: README.md", how)
    assert result.ok, messages(result)
    (probe,) = probes_for(result.catalog)
    assert probe.limits == "passes when `README.md` is there, on two lines. A pass is evidence, not proof."
    assert probe_limits("Do it.") is None and probe_limits(None) is None


FOLDED = """\
        how: >-
          Do it.

          **Probe:** one blank line in a folded block is a line break.
"""


@pytest.mark.parametrize("text,expected", [
    (VALID_CHECKLIST + "        check:\n          path_exists: x\n",
     r"checklists/demo\.yml:22:\d+: DEM-002: the item needs a `how` that ends with a paragraph that starts with "
     r"\*\*Probe:\*\* and says what the probe cannot tell \(a probe is evidence, not proof\)$"),
    (with_check("path_exists: x", "        how: Do it.\n"),
     r"checklists/demo\.yml:23:\d+: DEM-002: `how` must end with a paragraph that starts with \*\*Probe:\*\*"),
    (with_check("path_exists: x", FOLDED),
     r"checklists/demo\.yml:23:\d+: DEM-002: .* \*\*Probe:\*\* is there but does not start a paragraph: leave a "
     r"blank line before it \(in a folded `>-` block a blank line is only a line break: write the text as `\|-`\)"),
    (with_check("path_exists: x", "        how: |-\n          Do it.\n\n          __Probe:__ not the marker.\n"),
     r"checklists/demo\.yml:23:\d+: DEM-002: `how` must end with a paragraph that starts with \*\*Probe:\*\*"),
    (with_check("path_exists: x", "        how: |-\n          **Probe:** first. A pass is evidence, not proof.\n\n"
                                  "          Do it.\n"),
     r"checklists/demo\.yml:23:\d+: DEM-002: the paragraph that starts with \*\*Probe:\*\* must be the last "
     r"paragraph of `how`$"),
    (with_check("path_exists: x", "        how: |-\n          Do it.\n\n          **Probe:** one.\n\n"
                                  "          **Probe:** two.\n"),
     r"checklists/demo\.yml:23:\d+: DEM-002: `how` has 2 paragraphs that start with \*\*Probe:\*\*; state the "
     r"probe's limits once, in the last paragraph$"),
    (with_check("path_exists: x", "        how: |-\n          Do it.\n\n          **Probe:**\n"),
     r"checklists/demo\.yml:23:\d+: DEM-002: the \*\*Probe:\*\* paragraph is empty: say what the probe cannot tell$"),
    (VALID_CHECKLIST.replace("        why: Because.\n", "        why: Because.\n        how: |-\n          Do it.\n\n"
                                                      "          **Probe:** passes on nothing.\n"),
     r"checklists/demo\.yml:14:\d+: DEM-001: a paragraph that starts with \*\*Probe:\*\* states the limits of the "
     r"item's probe, and this item has no `check:`$"),
])
def test_the_probe_paragraph_rule_is_a_loader_error_at_its_position(tmp_path, text, expected):
    found = messages(Handbook.at(make_handbook(tmp_path, checklists={"demo.yml": text})).load())
    assert len(found) == 1 and re.match(expected, found[0]), found


# -- the shipped probes --------------------------------------------------------------------------


def test_the_handbook_has_at_least_35_probes_each_with_its_limits_in_how():
    probes = shipped_probes()
    assert len(probes) >= 35
    catalog = Handbook.packaged().load_or_raise().catalog
    for probe in probes:
        item = catalog.item(probe.item_id)
        assert probe.check == item.check and probe.source == f"checklists/{item.checklist_id}.yml"
        assert probe.limits and "evidence, not proof" in probe.limits, probe.item_id
        assert item.how.rstrip().endswith(probe.limits.split()[-1]), probe.item_id
