/* Material's search index, requested after the page has loaded (docs/reference/hosting.md, "First load
 * of a checklist page").
 *
 * Material for MkDocs 9 requests search/search_index.json (about 1.5 MB, 0.5 MB gzipped) with an
 * XMLHttpRequest as its bundle starts, while the page's own files are still on their way; on a slow
 * connection the index competes with them for bandwidth. Nothing needs it before the reader searches.
 * So this script, loaded before Material's bundle (overrides/main.html), holds back the send of that
 * one request until the window's load event, or until the reader focuses the search box if that comes
 * first. Any other request, and the index request once the page has loaded, goes out as before.
 * If a later Material requests the index another way, this does nothing: the index then loads early,
 * as it used to, and tests/browser/test_search.py says so. */
(function () {
  "use strict";
  var Request = window.XMLHttpRequest;
  if (typeof Request !== "function") return;
  var open = Request.prototype.open, send = Request.prototype.send, abort = Request.prototype.abort;
  var INDEX = /\/search\/search_index\.json$/;
  var held = [];

  function release() {
    var now = held;
    held = [];
    now.forEach(function (pending) { send.apply(pending.xhr, pending.args); });
  }

  Request.prototype.open = function (method, url) {
    this.__handbookIndex = String(method).toUpperCase() === "GET" && INDEX.test(String(url).split(/[?#]/)[0]);
    return open.apply(this, arguments);
  };
  Request.prototype.send = function () {
    if (!this.__handbookIndex || document.readyState === "complete") return send.apply(this, arguments);
    held.push({ xhr: this, args: arguments });
  };
  // A request aborted before it was sent (Material aborts one it no longer needs) is never sent: abort()
  // leaves a request that was opened but not sent in the OPENED state, so it is dropped here.
  Request.prototype.abort = function () {
    var xhr = this;
    held = held.filter(function (pending) { return pending.xhr !== xhr; });
    return abort.apply(this, arguments);
  };
  window.addEventListener("load", function () { setTimeout(release); }, { once: true });
  document.addEventListener("focusin", function (event) {
    if (event.target && event.target.matches && event.target.matches("[data-md-component=search-query]")) release();
  });
})();
