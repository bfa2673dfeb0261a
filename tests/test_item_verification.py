"""Every checklist item's `how` must say how a reviewer can check that the item is met.

An item is only useful in a pull request or a project review if someone can answer it with yes or
no, and that answer needs evidence. So besides saying what to do, each `how` has to name a way to
verify it: a test, a check, a search, a review step, a scan or lint, a metric, an alert, a
dashboard, a comparison, a rehearsal, or an outcome that fails the item.

Deciding that from prose is a heuristic. The one below looks for *verification cues* in the
`how` text and accepts the item when at least one is present:

- the house wording "Verify ..." (most items use it, as "Verify:" or "Verify with/by/in ...");
- inspection verbs used as inspection, not as a control: "check that / whether / each / every /
  for / against ...", "check the <thing>'s ...", "a <kind> check", "search ... for", "review ...
  for / against", "code review", "compare", "rehearse", "exercise";
- evidence nouns: test, assert, confirm, audit, inspect, measure, monitor, scan, SAST/DAST, lint,
  "a metric", "an alert" or "alert threshold", dashboard;
- an explicit failure criterion ("... fails this item", "fails the build"), tracking "until"
  something reaches a target, and the onboarding form "tick it when you can ...".

The patterns are tuned on the real content. Plain "check" is deliberately not a cue, because
hows use it for controls the system performs ("check the `Origin` header", "check new passwords
against a breached list"); likewise "alert on" a pattern is a control, not evidence that the item
holds. Words such as "query" or "CI" are not cues either: "persisted queries" and "generate SDKs
in CI" say nothing about verification. False passes remain possible (a `how` that mentions a test
in passing), so this is a floor, not a proof; reviewers still read the text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]

_CUES = (
    r"\bverif(?:y|ies|ied|ying|ication)\b",
    r"\bcheck(?:s|ed)?\s+(?:that|whether|if|each|every|all|for|against)\b",
    r"\bcheck\s+the\s+[\w-]+'s\b",
    r"\b(?:a|an)\s+[\w-]+\s+check\b",
    r"\b(?:search|grep)\b[^.;]*\bfor\b",
    r"\breview(?:s|ed)?\b[^.;]*\b(?:for|against)\b",
    r"\bcode review\b",
    r"\bcompar(?:e|es|ed|ing)\b",
    r"\b(?:rehears|exercis)\w*",
    r"\btest(?:s|ed|ing)?\b",
    r"\bassert\w*",
    r"\bconfirm\w*",
    r"\baudit\w*",
    r"\binspect\w*",
    r"\bmeasur\w*",
    r"\bmonitor\w*",
    r"\b(?:sast|dast|scan(?:s|ned|ner|ning)?)\b",
    r"\blint(?:s|er|ers|ing)?\b",
    r"\b(?:as|a|the)\s+metrics?\b",
    r"\ban alert\b|\balert threshold\b|\balerts?\s+(?:fires?|when)\b",
    r"\bdashboards?\b",
    r"\bfails?\b",
    r"\btrack\w*\b[^.;]*\buntil\b",
    r"\bwhen you can\b",
)
VERIFICATION_CUE = re.compile("|".join(_CUES), re.IGNORECASE)


def names_a_way_to_verify(how: str) -> bool:
    """True when the `how` text contains at least one verification cue (see the module docstring)."""
    return bool(VERIFICATION_CUE.search(" ".join(how.split())))


def items_without_verification(checklist_dir: Path) -> list[str]:
    """`ID (file): how` for every item in checklist_dir/*.yml whose `how` names no way to verify."""
    offenders = []
    for path in sorted(checklist_dir.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in data.get("sections", []):
            for item in section.get("items", []):
                how = item.get("how") or ""
                if not names_a_way_to_verify(how):
                    offenders.append(f"{item['id']} ({path.name}): {' '.join(how.split())}")
    return offenders


def test_every_item_how_names_a_way_to_verify_it():
    offenders = items_without_verification(REPO / "checklists")
    assert not offenders, (
        f"{len(offenders)} checklist items have a `how` that names no way to verify them; add a test, "
        "check, review step, metric, alert or other observable evidence (house style: 'Verify: ...'):\n"
        + "\n".join(offenders)
    )


@pytest.mark.parametrize(
    "how",
    [
        "Pin the version. Verify: CI prints the version it used.",
        "Search configuration for literal IP addresses of other services.",
        "Review controllers for conditionals about business state.",
        "Run a breaking-change check (for example `buf breaking`) in CI.",
        "Export the lag as a metric with an alert threshold.",
        "Any line past its end-of-life date fails this item.",
        "Before adopting, check the framework's recent releases and its security policy.",
    ],
)
def test_heuristic_accepts_hows_that_name_a_check(how):
    assert names_a_way_to_verify(how)


@pytest.mark.parametrize(
    "how",
    [
        "Return 429 with a problem details body and `Retry-After` in seconds; do not cache it.",
        "Authenticate during the handshake, check the `Origin` header and cap connections per user.",
        "Offer MFA, rate-limit failed attempts and alert on stuffing patterns.",
        "Register operations at build time. Automatic persisted queries are not a control.",
        "Generate SDKs in CI from the contract and version them with it.",
    ],
)
def test_heuristic_rejects_hows_that_only_say_what_to_do(how):
    assert not names_a_way_to_verify(how)
