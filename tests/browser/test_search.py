"""Material's own search, running in Chromium against the real built index, returns the page or checklist item a
backend engineer means FIRST for the queries they would type.

Each query is typed key by key into the real search box (as a person types), and the test waits until Material's
search worker has answered every query it was sent before reading the first result. The first result is the first
group of the result list: its page, and, where a row names an anchor, the best-scoring section of that page (the
link under the page's link). A failing row is fixed in the content (titles, headings) or with `search: boost` front
matter, not here.
"""

from __future__ import annotations

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
# when the worker has caught up with the last key typed (instrumentation only: the search itself is Material's).
# Material posts a query on each keyup, at once, and renders the answer's results in its own listener for the
# message; this listener is added first, so it counts the answer in a task of its own (setTimeout), which runs
# after every listener of that message: `answered` counts answers the page has rendered.
COUNT_WORKER_MESSAGES = """
(() => {
  const Native = window.Worker;
  window.__search = {sent: 0, answered: 0};
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", () => { setTimeout(() => { window.__search.answered += 1; }); });
    }
    postMessage(...args) { window.__search.sent += 1; return super.postMessage(...args); }
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


def type_and_settle(page, query: str, delay_ms: int = 60, timeout_s: float = 90) -> float:
    """Clear the box, type `query` key by key, and wait until the worker has answered everything it was sent and
    the list has been rendered. Returns the seconds from the last key to that point."""
    box = page.locator(".md-search__input")
    box.fill("")
    page.wait_for_function("window.__search.sent === window.__search.answered", timeout=timeout_s * 1000)
    box.press_sequentially(query, delay=delay_ms)
    typed = time.monotonic()
    page.wait_for_function("window.__search.sent === window.__search.answered", timeout=timeout_s * 1000)
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


@pytest.mark.parametrize("item", ["API-001", "ARC-017", "sec-001"])
def test_typing_an_id_key_by_key_keeps_updating_and_ends_on_the_item(search, built_site, item):
    """Each key's query is answered (none is dropped behind the hyphen) and the last one puts the item first."""
    seconds = type_and_settle(search, item, delay_ms=120)
    first = search.evaluate(FIRST_RESULT)
    assert first and urlsplit(first["section"] or "").fragment == item.lower(), first
    print(f"{item}: settled {seconds:.1f} s after the last key")
