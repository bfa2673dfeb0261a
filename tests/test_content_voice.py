"""The handbook speaks to its reader, not about the documents it was made from.

A reader has never seen the material the handbook was planned from, so a page that says "one design
showed", "the earlier guides said" or "this corrects the source material" tells them nothing they can
use. Pages state the rule and its reason; a wrong claim worth refuting is presented as a common claim
followed by the evidence. Only ``docs/reference/sources.md`` describes where the handbook came from.

The patterns below are tuned to that kind of sentence and leave alone the ordinary uses of the same
words: a *source of truth*, a *source queue*, a *source IP*, *seed data*, the *sources* a page cites.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.support.site import REPO

DOCS = REPO / "docs"

# The one page that may describe the material the handbook was planned from.
ALLOWED = {"reference/sources.md"}

# Pages still being rewritten in this voice; remove an entry once its pages pass.

_VERBS = (
    r"(?:said|says|sets|suggests|suggested|claimed|claims|gave|gives|listed|lists|used|uses|showed|shows|"
    r"quoted|quotes|promised|planned|plans|had|wrote|referenced|stored|omitted|recommended|advised|"
    r"labelled|reduced|told|offered|pairs|describes|disagreed?|disagrees|named|mentioned|"
    r"attached|sketches|chose|added|exposed|stated)"
)

PATTERNS = [
    # "the source guides", "a source design", "one source document", "the source checklists"
    r"\bsource (?:guide|design|document|checklist|plan|example|brief|material|text)s?(?:'s?)?\b",
    # "the source wrote", "one source sets", "another source mentioned", "the sources disagree"
    rf"\b(?:the|one|another|a|each|both|two|several) (?:of the )?sources? {_VERBS}\b",
    r"\bsources (?:disagree|disagreed|differ)\b",
    r"\bthe source's (?:token|payload|schema|design|example|values|choice|limit|1-hour|\d)",
    r"\b(?:one|another) source (?:design|guide|document)\b",
    # "the seeds' figures", "the seed named Redis 7", "older seed guidance", "the seed example"
    r"\bseeds'|\bthe seeds\b",
    r"\bseed (?:guid\w*|example|figure|design|document|material|checklist|plan|text)s?\b",
    r"\bthe seed (?:named|said|says|gave|listed|used|showed|had|recommended)\b",
    # "the guides this handbook was built from", "the material it started from"
    r"\b(?:guides|documents|material|sources) (?:that )?(?:this|the) handbook (?:was|is) "
    r"(?:built|based|planned|made|drawn|derived|written|adapted) (?:from|on)\b",
    r"\bmaterial (?:it|the handbook|this page) (?:started|was built) from\b",
    r"\b(?:adapted|taken|borrowed|derived) from (?:one of )?the (?:handbook's )?(?:source|seed|original|earlier)\b",
    # "older versions of the phase plan said", "earlier drafts of this page"
    r"\b(?:older|earlier|previous|original) (?:versions?|drafts?|editions?) of (?:the|this) "
    r"(?:handbook|phase plan|plan|page|checklist|guide)s?\b",
    # "the original design came with", "the original brief", "the original idx_user_id"
    r"\bthe original (?:design|brief|guide|plan|example|document|material|checklist|schema|version|"
    r"single-column|idx_\w+)\b",
    r"\bthe original did not\b",
    # "Correction to the source material", "corrects the source", "harmonised to that"
    r"\bcorrect(?:ion|ions|s|ed)? (?:to |of )?the (?:source|seed|original|earlier)\b",
    r"\bharmoni[sz](?:ed|es|e|ing)\b",
    r"\breconcile[sd]? the (?:sources|seeds|guides|figures)\b",
    r"\bthe guides (?:this|the) handbook\b",
    r"\bone of the handbook's\b",
]

# A space in a pattern matches any run of white space, so a phrase wrapped across lines is still found.
_PATTERN = re.compile("|".join(f"(?:{p})" for p in PATTERNS).replace(" ", r"\s+"), re.IGNORECASE)


def _hits(text: str) -> list[str]:
    """Each phrase in *text* that talks about source documents, with the line it starts on."""
    found = []
    for match in _PATTERN.finditer(text):
        number = text.count("\n", 0, match.start()) + 1
        phrase = " ".join(match.group(0).split())
        found.append(f"{number}: {phrase!r} in {' '.join(text.splitlines()[number - 1].split())[:120]!r}")
    return found


def _pages() -> list[Path]:
    pages = []
    for path in sorted(DOCS.rglob("*.md")):
        relative = path.relative_to(DOCS).as_posix()
        if relative in ALLOWED:
            continue
        pages.append(path)
    return pages


def _strings(node, where: str = ""):
    """Every string in a parsed checklist, with a path such as ``sections[1].items[0].why``."""
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{where}.{key}" if where else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, f"{where}[{index}]")


@pytest.mark.parametrize("sample", [
    "The source guides disagreed: one said X.",
    "One source design showed a product cache.",
    "The seed named Redis 7; the 8.x line is current.",
    "Older versions of the phase plan said 70% coverage.",
    "The guides this handbook was built from quote different targets.",
    '!!! note "Correction to the source material"',
    "The schema corrects the source design in five ways.",
    "The source wrote `INDEX idx_email (email)`.",
    "The levels are about what is produced. The source\nmaterial attached time budgets to each level.",
    "Sources disagree on how to report a request. One source sets a quality score.",
])
def test_the_patterns_catch_talk_about_source_documents(sample):
    """Each kind of sentence the rule forbids is caught."""
    assert _hits(sample), sample


@pytest.mark.parametrize("sample", [
    "The database is the source of truth.",
    "Limit attempts per account and per source address.",
    "Set the DLQ's retention longer than the source's queue.",
    "Keep shared seed data in version control; log the seed on failure.",
    "## What the sources say",
    "no source supports a general number, so this handbook gives none.",
    "The Google Testing Blog post is the original source of the heuristic.",
])
def test_the_patterns_leave_ordinary_uses_alone(sample):
    """Ordinary uses of "source" and "seed" are not mistaken for talk about source documents."""
    assert not _hits(sample), _hits(sample)


def test_pages_speak_to_the_reader_not_about_source_documents():
    """No page other than the sources page talks about the documents the handbook was made from."""
    problems = []
    for page in _pages():
        for hit in _hits(page.read_text(encoding="utf-8")):
            problems.append(f"docs/{page.relative_to(DOCS).as_posix()}:{hit}")
    assert not problems, "state the rule and its reason instead:\n" + "\n".join(problems)


def test_checklist_text_speaks_to_the_reader_not_about_source_documents():
    """No checklist title, description, why or how talks about the documents the handbook was made from."""
    problems = []
    for path in sorted((REPO / "checklists").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for where, text in _strings(data):
            for hit in _hits(text):
                problems.append(f"checklists/{path.name} {where}: {hit}")
    assert not problems, "state the rule and its reason instead:\n" + "\n".join(problems)
