#!/usr/bin/env bash
# The checks of the reusable GitHub Action (action.yml), as one script so that tests run it as the
# action does (tests/test_action.py). Reads its inputs from the environment:
#   CHECKLIST_DOCUMENT   project document to gate on ('' to skip; default checklist.json)
#   CHECKLIST_FAIL_ON    must | should | '' (report only)
#   CHECKLIST_PR_LINT    true | false: check the pull-request body ($GITHUB_EVENT_PATH)
#   CHECKLIST_SITE_URL   where the handbook is hosted, for links (read by `checklist` itself)
#   CHECKLIST_PROBES     true | false: run the items' probes against the repository (default false)
#   CHECKLIST_SARIF      with probes: write their SARIF here ('' for none); action.yml uploads it
# and GitHub's GITHUB_STEP_SUMMARY, GITHUB_EVENT_NAME, GITHUB_EVENT_PATH.
# Exits with the highest exit code of the checks it ran: 0 ok, 1 a check failed, 2 bad input
# (docs/reference/cli.md); every check runs even after one fails, so the log shows them all.
set -uo pipefail

document="${CHECKLIST_DOCUMENT-checklist.json}"
fail_on="${CHECKLIST_FAIL_ON-must}"
pr_lint="${CHECKLIST_PR_LINT:-true}"
probes="${CHECKLIST_PROBES:-false}"
sarif="${CHECKLIST_SARIF:-}"
worst=0

note() { [ "$1" -gt "$worst" ] && worst=$1; return 0; }

# Probes first, so that the gate below sees their results in the document (`auto` fields); with a
# document they probe its checklists, without one every checklist. `status` then lists failing probes.
probe_gate=()
case "$probes" in
  true)
    args=(run --repo .)
    if [ -n "$document" ] && [ -f "$document" ]; then
      args+=(--update "$document")
      probe_gate=(--fail-on-probes)
    fi
    if [ -n "$sarif" ]; then
      args+=(--format sarif --output "$sarif")
    fi
    checklist "${args[@]}"
    note $?
    ;;
  false) ;;
  *)
    echo "::error title=checklist::input probes must be true or false, not '$probes'"
    note 2
    ;;
esac

if [ -n "$document" ]; then
  if [ ! -f "$document" ]; then
    echo "::error title=checklist::project document '$document' not found (set the 'document' input, or '' to skip the gate)"
    note 2
  else
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
      checklist status "$document" --format markdown >> "$GITHUB_STEP_SUMMARY"
      note $?
    fi
    if [ -n "$fail_on" ]; then
      checklist status "$document" --fail-on "$fail_on" "${probe_gate[@]}"
      note $?
    else
      checklist status "$document"
      note $?
    fi
  fi
fi

case "$pr_lint" in
  true)
    if [[ "${GITHUB_EVENT_NAME:-}" == pull_request* ]]; then
      checklist pr-lint --format github
      note $?
    else
      echo "checklist: not a pull_request event (${GITHUB_EVENT_NAME:-none}); PR body not checked"
    fi
    ;;
  false) ;;
  *)
    echo "::error title=checklist::input pr-lint must be true or false, not '$pr_lint'"
    note 2
    ;;
esac

exit "$worst"
