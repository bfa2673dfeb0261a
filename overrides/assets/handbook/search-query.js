/* Item IDs typed key by key into Material's search box (docs/start/index.md, "Search").
 *
 * Material for MkDocs 9 transforms the query inside its search worker: it adds a wildcard to each
 * word and hands the result to Lunr, whose query lexer always splits at "-". So "API-", on the way
 * to "API-001", becomes the clauses "api" and a bare "*", which matches every word in the index:
 * the worker scores and highlights every document for seconds, and the next keys wait behind it.
 *
 * Material 9.0.0 removed the hook a site once had for this ("Removed support for custom search
 * transforms" in its changelog: `__search.transform`), and the `separator` setting cannot help:
 * Lunr's query lexer splits at its own /[\s\-]+/ whatever the setting, and Material's transformation
 * keeps the trailing "-" and puts the wildcard after it.
 * So this script, loaded before Material's bundle (overrides/main.html), wraps the Worker
 * constructor and rewrites the query string that Material posts to its search worker (the only
 * message it sends whose `data` is a string); the worker then applies its own transformation, as
 * for any query. Nothing else is changed:
 *   - the beginning of an item ID in any case (ITEM_ID_PATTERN in src/handbook_checklists/model/
 *     checklist.py: 2-5 letters, "-", up to 4 digits) requires both parts, the number as typed so
 *     far: "API-00" -> "+API +00*", "API-" -> "+API" (the hyphen ends the word);
 *   - in any other query, a hyphen that ends a word is dropped: "rate limit-" -> "rate limit".
 * If a later Material sends its queries another way, this does nothing and the "API-" tests in
 * tests/browser/test_search.py fail. */
(function () {
  "use strict";
  var Native = window.Worker;
  if (typeof Native !== "function") return;
  var ID_START = /^([A-Za-z]{2,5})-([0-9]{0,4})$/;

  function rewrite(query) {
    var id = ID_START.exec(query.trim());
    if (id) return "+" + id[1] + (id[2] ? " +" + id[2] + "*" : "");
    return query.replace(/(\S)-+(?=\s|$)/g, "$1");
  }

  function HandbookWorker(url, options) {
    var worker = new Native(url, options);
    if (!/\/workers\/search\.[^\/]*js$/.test(String(url).split(/[?#]/)[0])) return worker;
    var post = worker.postMessage;
    worker.postMessage = function (message) {
      var args = Array.prototype.slice.call(arguments);
      if (message && typeof message.data === "string")
        args[0] = Object.assign({}, message, { data: rewrite(message.data) });
      return post.apply(worker, args);
    };
    return worker;
  }
  HandbookWorker.prototype = Native.prototype;
  window.Worker = HandbookWorker;
})();
