#!/usr/bin/env bash
# The checks of the reusable GitHub Action (action.yml), as one script so that tests run it as the
# action does (tests/test_action.py). Reads its inputs from the environment:
#   CHECKLIST_DOCUMENT   project document to gate on ('' to skip; default checklist.json)
#   CHECKLIST_FAIL_ON    must | should | '' (report only)
#   CHECKLIST_PR_LINT    true | false: check the pull-request body ($GITHUB_EVENT_PATH)
#   CHECKLIST_SITE_URL   where the handbook is hosted, for links (read by `checklist` itself)
#   CHECKLIST_BASELINE   true | false: on pull_request events, gate against the document as it is on
#                        the PR's base branch (`checklist status --baseline`), fetched from origin
#   CHECKLIST_PROBES     true | false: run the items' probes against the repository (default false)
#   CHECKLIST_SARIF      with probes: write their SARIF here ('' for none); action.yml uploads it
# and GitHub's GITHUB_STEP_SUMMARY, GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_BASE_REF.
# Exits with the highest exit code of the checks it ran: 0 ok, 1 a check failed, 2 bad input
# (docs/reference/cli.md); every check runs even after one fails, so the log shows them all.
set -uo pipefail

document="${CHECKLIST_DOCUMENT-checklist.json}"
fail_on="${CHECKLIST_FAIL_ON-must}"
pr_lint="${CHECKLIST_PR_LINT:-true}"
baseline="${CHECKLIST_BASELINE:-false}"
probes="${CHECKLIST_PROBES:-false}"
sarif="${CHECKLIST_SARIF:-}"
worst=0

note() { [ "$1" -gt "$worst" ] && worst=$1; return 0; }

# The document as it is on the PR's base branch, in a temporary file named on standard output;
# nothing when there is no baseline to use. Returns 2 when the base branch cannot be read. Its
# messages go to the log through descriptor 3 (the script's standard output).
exec 3>&1
base_document() {
  local ref="origin/$GITHUB_BASE_REF" out shallow
  shallow=()
  if [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = true ]; then shallow=(--depth=1); fi
  if ! git fetch --quiet --no-tags "${shallow[@]}" origin \
      "+refs/heads/$GITHUB_BASE_REF:refs/remotes/$ref" >&3 2>&1; then
    echo "checklist: could not fetch $ref; using the copy already fetched, if any" >&3
  fi
  if ! git rev-parse --quiet --verify "$ref^{commit}" > /dev/null; then
    echo "::error title=checklist::baseline: cannot read the base branch $ref (fetch it, or set 'baseline' to false)" >&3
    return 2
  fi
  out="$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/checklist-baseline.XXXXXX")" || return 2
  if ! git show "$ref:./${document#./}" > "$out" 2> /dev/null; then
    echo "checklist: $document is not on the base branch $GITHUB_BASE_REF; gating without a baseline" >&3
    rm -f "$out"
    return 0
  fi
  echo "$out"
}
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
    against=()
    case "$baseline" in
      true)
        if [[ "${GITHUB_EVENT_NAME:-}" == pull_request* && -n "${GITHUB_BASE_REF:-}" ]]; then
          base_file="$(base_document)"
          status=$?
          note $status
          if [ -n "$base_file" ]; then
            trap 'rm -f "$base_file"' EXIT
            echo "checklist: baseline: $document as on $GITHUB_BASE_REF"
            against=(--baseline "$base_file")
          fi
        else
          echo "checklist: not a pull_request event (${GITHUB_EVENT_NAME:-none}); gating without a baseline"
        fi
        ;;
      false) ;;
      *)
        echo "::error title=checklist::input baseline must be true or false, not '$baseline'"
        note 2
        ;;
    esac
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
      checklist status "$document" --format markdown ${fail_on:+--fail-on "$fail_on"} "${against[@]}" \
        >> "$GITHUB_STEP_SUMMARY"
      status=$?
      [ "$status" -eq 2 ] && note 2  # the gate's own run below reports a failing gate
    fi
    if [ -n "$fail_on" ]; then
      checklist status "$document" --fail-on "$fail_on" "${against[@]}" "${probe_gate[@]}"
      note $?
    else
      checklist status "$document" "${against[@]}"
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
