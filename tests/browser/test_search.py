"""Material's own search, running in Chromium against the real built index, returns the page or checklist item a
backend engineer means FIRST for the queries they would type.

Each query is typed key by key into the real search box (as a person types), and the test waits until Material's
search worker has answered every query it was sent before reading the first result. The first result is the first
group of the result list: its page, and, where a row names an anchor, the best-scoring section of that page (the
link under the page's link). A failing row is fixed in the content (titles, headings) or with `search: boost` front
matter, not here.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import Guard, guarded_context

pytestmark = pytest.mark.browser

# query -> the page ("api/pagination/") or item/section ("checklists/api-design/#api-001") that must come first
QUERIES = [
    ("argon2", "auth/passwords/"),
    ("idempotency key", "api/idempotency/"),
    ("circuit breaker", "resilience/circuit-breakers/"),
    ("N+1", "data/indexing/#n-plus-one"),
    ("429", "api/rate-limiting/#responses"),
    ("outbox", "messaging/outbox/"),
    ("cursor pagination", "api/pagination/"),
    ("keyset pagination", "api/pagination/"),
    ("CORS", "security/cors-csrf/"),
    ("readiness probe", "resilience/health-checks/"),
    ("SEC-001", "checklists/security/#sec-001"),
    ("sec-001", "checklists/security/#sec-001"),
    ("API-0", "checklists/api-design/"),  # typing an ID, halfway: the right checklist already
    ("API-001", "checklists/api-design/#api-001"),
    ("ARC-017", "checklists/architecture/#arc-017"),
    ("jwt", "auth/jwt/"),
    ("refresh token", "auth/token-lifetimes/"),
    ("exponential backoff", "resilience/retries/"),
    ("dead letter queue", "messaging/dead-letter-queues/"),
    ("saga", "messaging/sagas/"),
    ("uuidv7", "data/keys/"),
    ("pgbouncer", "data/connection-pooling/"),
    ("strangler fig", "architecture/migrating-monolith/"),
    ("hexagonal", "architecture/hexagonal/"),
    ("CQRS", "architecture/cqrs-event-sourcing/"),
    ("problem details", "api/errors/"),
    ("cache stampede", "caching/stampede/"),
    ("error budget", "observability/slos/"),
    ("OpenTelemetry", "observability/tracing/"),
    ("feature flags", "delivery/feature-flags/"),
    ("SIGTERM", "delivery/graceful-shutdown/"),
    ("canary release", "delivery/release-strategies/"),
    ("mTLS", "auth/service-identity/"),
    ("SQL injection", "security/injection/"),
    ("HSTS", "security/transport-security/#hsts"),
    ("bulkhead", "resilience/bulkheads/"),
    ("postmortem", "process/postmortem-template/"),
    ("ADR", "process/adr/"),
]

# Counts the messages Material's page sends to its search worker and the answers it gets back, so the test knows
# when the worker has caught up with the last key typed, and keeps each query as the worker received it and a summary
# of each answer (instrumentation only: the search itself is Material's). Wrapped before the site's own scripts run, so
# it sees a query after overrides/assets/handbook/search-query.js has rewritten it. Material posts a query on each
# keyup, at once, and renders the answer's results in its own listener for the message; this listener is added first,
# so it counts the answer in a task of its own (setTimeout), which runs after every listener of that message:
# `answered` counts answers the page has rendered.
COUNT_WORKER_MESSAGES = """
(() => {
  const Native = window.Worker;
  window.__search = {sent: 0, answered: 0, queries: [], results: []};
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", e => {
        const items = e.data && e.data.data && e.data.data.items;
        if (Array.isArray(items)) {
          // per answer: pages (result groups), documents that matched, and how many of those matched each word
          const docs = items.flat().filter(d => d.score > 0);
          const matched = {};
          for (const d of docs) for (const [word, hit] of Object.entries(d.terms)) if (hit) matched[word] = (matched[word] || 0) + 1;
          window.__search.results.push({pages: items.length, documents: docs.length, matched,
                                        order: items.map(g => (g.find(d => !d.location.includes("#")) || g[0]).location)});
        }
        setTimeout(() => { window.__search.answered += 1; });
      });
    }
    postMessage(...args) {
      window.__search.sent += 1;
      if (args[0] && typeof args[0].data === "string") window.__search.queries.push(args[0].data);
      return super.postMessage(...args);
    }
  };
})();
"""

FIRST_RESULT = """() => {
  const group = document.querySelector(".md-search-result__list > .md-search-result__item");
  if (!group) return null;
  const links = [...group.querySelectorAll(":scope > a.md-search-result__link, :scope details a.md-search-result__link")];
  const scored = links.map(a => ({href: a.href, score: +(a.querySelector("[data-md-score]")?.dataset.mdScore ?? 0)}));
  const sections = scored.filter(l => new URL(l.href).hash).sort((a, b) => b.score - a.score);
  const page = scored.find(l => !new URL(l.href).hash) ?? scored[0];
  return {page: page.href, section: sections.length ? sections[0].href : null};
}"""


def _path(url: str, base: str) -> str:
    parts = urlsplit(url)
    path = parts.path[len(urlsplit(base).path):]
    return path + (f"#{parts.fragment}" if parts.fragment else "")


@pytest.fixture(scope="module")
def search(browser, built_site):
    """One page of the real site with the search box open and the index loaded; reused by every query."""
    guard = Guard()
    context = guarded_context(browser, guard)
    context.add_init_script(COUNT_WORKER_MESSAGES)
    page = context.new_page()
    page.goto(built_site.url)
    page.keyboard.press("/")  # Material's shortcut: focus the search box
    page.wait_for_selector(".md-search__input:focus")
    page.wait_for_function("window.__search.answered >= 1", timeout=60_000)  # the worker has built its index
    yield page
    context.close()
    assert guard.foreign == [], f"requests left 127.0.0.1: {guard.foreign}"


def settle(page, timeout_s: float = 90) -> None:
    """Wait until the worker has answered everything it was sent and the list has been rendered."""
    page.wait_for_function("window.__search.sent === window.__search.answered", timeout=timeout_s * 1000)


def type_and_settle(page, query: str, delay_ms: int = 60, timeout_s: float = 90) -> float:
    """Clear the box, type `query` key by key, and settle. Returns the seconds from the last key to that point."""
    box = page.locator(".md-search__input")
    box.fill("")
    page.wait_for_function("window.__search.sent === window.__search.answered", timeout=timeout_s * 1000)
    box.press_sequentially(query, delay=delay_ms)
    typed = time.monotonic()
    settle(page, timeout_s)
    assert box.input_value() == query
    return time.monotonic() - typed


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_the_query_finds_its_page_or_item_first(search, built_site, query, expected):
    type_and_settle(search, query)
    first = search.evaluate(FIRST_RESULT)
    assert first is not None, f"{query!r}: no results"
    page, _, anchor = expected.partition("#")
    got_page = _path(first["page"], built_site.url).split("?")[0]
    assert got_page == page, f"{query!r}: first result is {got_page}, expected {page}"
    if anchor:
        assert first["section"], f"{query!r}: no section under {page}"
        got = urlsplit(first["section"])
        assert got.fragment == anchor, f"{query!r}: best section is #{got.fragment}, expected #{anchor}"


def test_there_are_at_least_25_queries():
    assert len(QUERIES) >= 25 and len({q for q, _ in QUERIES}) == len(QUERIES)


def _pages_in_index(site_dir) -> int:
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    return len({doc["location"].split("#")[0] for doc in index["docs"]})


def _forget_answers(page) -> None:
    page.evaluate("window.__search.queries = []; window.__search.results = []")


@pytest.mark.parametrize("item", ["API-001", "ARC-017", "sec-001"])
def test_typing_an_id_key_by_key_keeps_updating_and_ends_on_the_item(search, built_site, item):
    """Each key's query is answered (none is dropped behind the hyphen), from the hyphen on every document found
    contains the ID's prefix as a word (the query "API-" used to reach Lunr as "api" OR a bare "*", which matched
    every document of the site and kept the worker busy for seconds), and the last key puts the item first."""
    _forget_answers(search)
    seconds = type_and_settle(search, item, delay_ms=120)
    first = search.evaluate(FIRST_RESULT)
    assert first and urlsplit(first["section"] or "").fragment == item.lower(), first
    answers = search.evaluate("window.__search")
    prefix, rest = item.split("-")
    word, keys = prefix.lower(), len(rest) + 1  # the hyphen and each digit
    for query, result in list(zip(answers["queries"], answers["results"]))[-keys:]:
        assert 0 < result["documents"] == result["matched"].get(word), (
            f"{item} (sent as {query!r}): {result['documents']} documents, {result['matched'].get(word)} contain {word!r}"
        )
    print(f"{item}: settled {seconds:.1f} s after the last key; the worker received {answers['queries']}")


# prefix -> its checklist. Typing the hyphen after the prefix must not widen the search: every document found
# contains the prefix as a word (none is there only through a wildcard), and the checklist stays near the top.
ID_PREFIXES = [("API", "checklists/api-design/"), ("ARC", "checklists/architecture/"), ("sec", "checklists/security/")]


@pytest.mark.parametrize(("prefix", "checklist"), ID_PREFIXES, ids=[p for p, _ in ID_PREFIXES])
def test_the_hyphen_after_an_id_prefix_keeps_the_results_to_that_word(search, built_site, prefix, checklist):
    type_and_settle(search, prefix)
    _forget_answers(search)
    search.locator(".md-search__input").press("-")
    settle(search)
    answers = search.evaluate("window.__search")
    assert answers["queries"], f"{prefix}-: no query reached the worker"
    query, result = answers["queries"][-1], answers["results"][-1]
    word = prefix.lower()
    assert result["documents"] > 0, f"{prefix}- (sent as {query!r}): no results"
    assert result["matched"].get(word) == result["documents"], (
        f"{prefix}- (sent as {query!r}): {result['documents']} documents, {result['matched'].get(word)} contain {word!r}"
    )
    assert result["pages"] < _pages_in_index(built_site.dir)
    order = result["order"]  # page locations, relative to the site's root like `checklist`
    assert checklist in order[:5], f"{prefix}- (sent as {query!r}): {checklist} is not in the first five: {order[:5]}"


@pytest.mark.parametrize("query", ["rate limit-", "idempotency-"])
def test_a_hyphen_that_ends_a_word_does_not_become_a_bare_wildcard(search, built_site, query):
    """Not only in IDs: a word typed with its trailing hyphen ("rate-limit" on its way) is searched as the word."""
    _forget_answers(search)
    type_and_settle(search, query)
    answers = search.evaluate("window.__search")
    sent, result = answers["queries"][-1], answers["results"][-1]
    # a clause whose term is empty is Lunr's bare "*": every document matches it
    assert "" not in result["matched"], f"{query!r} (sent as {sent!r}) matched {result['matched']['']} documents through '*'"
    assert 0 < result["pages"] < _pages_in_index(built_site.dir), f"{query!r} (sent as {sent!r}): {result['pages']} pages"


INDEX_TIMES = """() => {
  const index = performance.getEntriesByType('resource').find(e => e.name.endsWith('/search/search_index.json'));
  return index && {start: index.startTime, loaded: performance.getEntriesByType('navigation')[0].loadEventEnd};
}"""


def test_the_search_index_is_requested_once_the_page_has_loaded(context, built_site):
    """assets/handbook/search-index.js holds Material's request for the index back until the load event, so the
    page's own files do not share the connection with 0.5 MB of index; the tests above search with it as before."""
    page = context.new_page()
    page.goto(built_site.url + "checklists/phases/")
    page.wait_for_function(INDEX_TIMES)
    times = page.evaluate(INDEX_TIMES)
    assert times["start"] >= times["loaded"] > 0, times
    page.click("input[data-md-component='search-query']")
    page.fill("input[data-md-component='search-query']", "outbox")
    page.wait_for_selector(".md-search-result__item", timeout=30000)
