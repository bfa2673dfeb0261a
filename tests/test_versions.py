"""Versions come from data/versions.yml: pages state none of their own, every entry is sourced and
dated, and the macros render what the file says.

The rule is the handbook's own (docs/technology/versions.md#rule): version and end-of-life facts go
stale, so they live in one file with the date each was checked against the project's own page.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from handbook_checklists.render.versions import Versions, VersionsError, load_versions
from tests.support.site import REPO

DATA = REPO / "data" / "versions.yml"
DOCS = REPO / "docs"

#: Products pages name without stating a version today. A page that starts stating one must first
#: give the product an entry in the data file (it then counts as listed, with its aliases).
UNLISTED = ("Kafka", "MySQL", "MariaDB", "RabbitMQ", "Valkey", "MongoDB", "Spring Boot", "Django",
            "Rails", "Kotlin", "TypeScript", "Elasticsearch")

#: Container images whose tag is a product version: `node:24-slim` states a Node.js version.
IMAGES = {"node": "nodejs", "postgres": "postgresql", "golang": "go", "python": "python",
          "redis": "redis", "eclipse-temurin": "java", "openjdk": "java"}

#: Version numbers that are not statements about what is current, each with the reason.
#: Page paths are relative to docs/; the phrase must occur in the page as written.
ALLOWED = [
    ("checklists/pull-requests.md", "Python 3.11",
     "the version the checklist command itself needs (requires-python in pyproject.toml), "
     "not advice on which Python to run"),
    ("data/keys.md", "PostgreSQL 18 has a built-in",
     "names the release that added uuidv7(): a fixed historical fact"),
    ("examples/ecommerce-data.md", "PostgreSQL 18 has a built-in",
     "names the release that added uuidv7(): a fixed historical fact"),
    ("data/migrations.md", "PostgreSQL 18 shortens",
     "names the release that added NOT VALID for NOT NULL: a fixed historical fact"),
    ("technology/versions.md", '"Node.js 20 LTS, PostgreSQL 15, Redis 7"',
     "a quoted example of the pinned advice the page warns against"),
    ("performance/async-io.md", "JDK 21, JEP 444",
     "names the release that made virtual threads final: a fixed historical fact"),
]

# Removed before scanning: macro calls (their output comes from the data file) and the text of
# links to other sites (the title of a cited document, such as "PostgreSQL 11 release notes").
_MACRO = re.compile(r"\{\{.*?\}\}", re.S)
_CITED = re.compile(r"\[[^\]]*\]\(https?://[^)]*\)")
# "since PostgreSQL 13", "from Redis 8", "before Node.js 20": the release a change happened in.
_HISTORICAL_BEFORE = re.compile(r"(?:since|from|before|until|up to|in)\s+$", re.I)
# "PostgreSQL 12+", "PostgreSQL 12 and later": the minimum version for a feature.
_MINIMUM_AFTER = re.compile(r"^(?:\+|\s+(?:and|or) (?:later|newer))")
_CHECKED_CALL = re.compile(r"versions_(?:checked|table)\(([^)]*)\)", re.S)


@pytest.fixture(scope="module")
def versions() -> Versions:
    return load_versions(DATA)


def _names(versions: Versions) -> dict[str, str | None]:
    """Every name a page may use for a product, mapped to its data-file id (None: not listed)."""
    names: dict[str, str | None] = {name: None for name in UNLISTED}
    for product in versions.products.values():
        for name in (product.name, *product.aliases):
            names[name] = product.id
    return names


def _mentions(text: str, versions: Versions):
    """(product id or None, name, version, start, end, is_image) for each version in `text`."""
    names = _names(versions)
    spelled = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    for match in re.finditer(rf"(?<![\w./-])({spelled})\s+v?(\d+(?:\.\d+)*(?:\.x)?)\b", text):
        yield names[match[1]], match[1], match[2], match.start(), match.end(), False
    for match in re.finditer(rf"(?<![\w./-])({'|'.join(map(re.escape, IMAGES))}):(\d+(?:\.\d+)*)", text):
        yield IMAGES[match[1]], match[1] + ":", match[2], match.start(), match.end(), True


def _phrase(phrase: str) -> re.Pattern:
    """`phrase` as a pattern that also matches where the page wraps it across lines."""
    return re.compile(r"\s+".join(map(re.escape, phrase.split())))


def _checked_products(raw: str) -> set[str]:
    """Products whose check date the page shows through versions_checked() or versions_table()."""
    return {p for args in _CHECKED_CALL.findall(raw) for p in re.findall(r"[\"'](\w+)[\"']", args)}


def _stray_versions(page: Path, raw: str, versions: Versions) -> list[str]:
    rel = page.relative_to(DOCS).as_posix()
    text = _CITED.sub("", _MACRO.sub("", raw))
    shown = _checked_products(raw)
    allowed = [phrase for path, phrase, _ in ALLOWED if path == rel]
    problems = []
    for product_id, name, number, start, end, image in _mentions(text, versions):
        before, after = text[max(0, start - 12):start], text[end:]
        historical = _HISTORICAL_BEFORE.search(before) or _MINIMUM_AFTER.match(after)
        if historical and not image:  # an image tag is always a current choice ("FROM node:24")
            continue
        if any(m.start() <= start < m.end() for phrase in allowed for m in _phrase(phrase).finditer(text)):
            continue
        known_lines = {line["line"] for line in versions.products[product_id].lines} if product_id else set()
        if number in known_lines and product_id in shown:
            continue  # names a release line the data file tracks, on a page that shows the check date
        line_no = text.count("\n", 0, start) + 1
        problems.append(f"{rel}:{line_no}: {text[start:end]!r} — use a macro from handbook_checklists/render/versions.py "
                        f"(or, for a historical fact, add it to ALLOWED with the reason)")
    return problems


def test_pages_state_versions_only_through_the_data_file(versions):
    problems = []
    for page in sorted(DOCS.rglob("*.md")):
        problems += _stray_versions(page, page.read_text(encoding="utf-8"), versions)
    assert not problems, "\n".join(problems)


def test_the_scan_catches_a_stated_version(versions):
    page = DOCS / "example.md"
    assert _stray_versions(page, "Use Node.js 22 LTS and PostgreSQL 17.", versions)
    assert _stray_versions(page, "FROM golang:1.25-bookworm", versions)
    assert _stray_versions(page, "Kafka 4.1 is current.", versions)
    assert not _stray_versions(page, "The default since Kafka 3.0; PostgreSQL 12+ only.", versions)
    assert not _stray_versions(page, "Node.js {{ version('nodejs', 'active_lts') }}", versions)
    # a tracked line is fine only where the page shows when it was checked
    assert _stray_versions(page, "Node.js 24 is in maintenance.", versions)
    assert not _stray_versions(page, "Node.js 24 is in maintenance.\n{{ versions_checked('nodejs') }}",
                               versions)


def test_every_allowed_phrase_is_still_on_its_page():
    for path, phrase, reason in ALLOWED:
        assert reason
        assert _phrase(phrase).search((DOCS / path).read_text(encoding="utf-8")), f"stale: {path}: {phrase}"


def test_the_tool_requirement_on_the_pull_request_page_matches_pyproject():
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires-python = ">=3.11' in pyproject


def test_pages_that_render_versions_show_when_they_were_checked(versions):
    uses = re.compile(r"\b(?:version|release|release_lines)\(\s*[\"'](\w+)[\"']")
    problems = []
    for page in sorted(DOCS.rglob("*.md")):
        raw = page.read_text(encoding="utf-8")
        missing = set(uses.findall(raw)) - _checked_products(raw)
        if missing:
            problems.append(f"{page.relative_to(DOCS)}: add versions_checked({', '.join(sorted(missing))})")
    assert not problems, "\n".join(problems)


def test_every_entry_has_a_source_and_a_check_date(versions):
    assert versions.products
    for product in versions.products.values():
        assert product.source.startswith("https://"), product.id
        assert isinstance(product.checked, dt.date), product.id
        assert product.checked <= dt.date.today(), f"{product.id}: checked in the future"


# -- the loader ---------------------------------------------------------------------------------

_GOOD = """products:
  nodejs:
    name: Node.js
    source: https://github.com/nodejs/Release
    checked: 2026-12-01
    facts: {active_lts: "26"}
    lines:
      - {line: "26", status: Active LTS, eol: 2029-04-30}
"""


def _load(tmp_path: Path, text: str) -> Versions:
    path = tmp_path / "versions.yml"
    path.write_text(text, encoding="utf-8")
    return load_versions(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_GOOD.replace("    source: https://github.com/nodejs/Release\n", ""), "nodejs: missing source"),
        (_GOOD.replace("    checked: 2026-12-01\n", ""), "nodejs: missing checked"),
        (_GOOD.replace("2026-12-01", "last week"), "nodejs.checked: must be an ISO date"),
        (_GOOD.replace("https://github.com", "http://github.com"), "nodejs.source: must be an https://"),
        (_GOOD.replace('line: "26"', 'line: ""'), "nodejs.lines[0]: expected a mapping with a 'line'"),
        (_GOOD.replace("  nodejs:", "  NodeJS:"), "NodeJS: product keys are lower-case"),
        (_GOOD + "    owner: me\n", "nodejs: unknown keys owner"),
        ("products: [nodejs]\n", "expected a top-level 'products' mapping"),
        ("products: {nodejs: {name: [\n", "not valid YAML"),
    ],
)
def test_a_bad_file_is_refused_with_the_file_and_the_entry(tmp_path, text, message):
    with pytest.raises(VersionsError) as caught:
        _load(tmp_path, text)
    assert str(tmp_path / "versions.yml") in str(caught.value)
    assert message in str(caught.value)


def test_a_missing_file_is_refused_by_name(tmp_path):
    with pytest.raises(VersionsError, match="cannot read the versions file"):
        load_versions(tmp_path / "nope.yml")


# -- the macros ---------------------------------------------------------------------------------

def test_the_macros_render_the_data(tmp_path):
    versions = _load(tmp_path, _GOOD)
    assert versions.version("nodejs", "active_lts") == "26"
    assert versions.release("nodejs", "26", "eol") == "2029-04-30"
    assert versions.release("nodejs", "26") == "2029-04-30"
    assert versions.release_lines("nodejs").splitlines() == [
        "| Line | Status | End of life |", "|---|---|---|", "| 26 | Active LTS | 2029-04-30 |"]
    assert versions.versions_checked("nodejs") == (
        "*Versions on this page — Node.js: checked on 2026-12-01 against "
        "[Node.js](https://github.com/nodejs/Release).*")
    table = versions.versions_table(["nodejs"], fact="active_lts", heading="Active LTS")
    assert table.splitlines()[-1] == (
        "| Node.js | 26 | [Node.js](https://github.com/nodejs/Release) | 2026-12-01 |")
    assert [m.__name__ for m in versions.macros()] == [
        "version", "release", "release_lines", "versions_table", "versions_checked"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda v: v.version("node", "active_lts"), "no product 'node'; known: nodejs"),
        (lambda v: v.version("nodejs", "current"), "nodejs has no fact 'current'; known: active_lts"),
        (lambda v: v.release("nodejs", "18"), "nodejs has no line '18'; known: 26"),
        (lambda v: v.release("nodejs", "26", "codename"), "has no 'codename'"),
        (lambda v: v.versions_checked(), "needs at least one product"),
    ],
)
def test_a_wrong_request_fails_the_build_instead_of_printing_nothing(tmp_path, call, message):
    with pytest.raises(VersionsError, match=re.escape(message)):
        call(_load(tmp_path, _GOOD))


def test_the_real_file_renders_the_current_node_and_postgresql_lines(versions):
    assert versions.version("nodejs", "active_lts") == "26"
    assert versions.release("nodejs", "24", "status") == "Maintenance LTS"
    assert versions.release("nodejs", "20", "status") == "End of life"
    assert versions.version("postgresql", "current_major") == "18"
