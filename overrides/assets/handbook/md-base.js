/* Material for MkDocs' inline head script (partials/javascripts/base.html), moved to a file so the
 * site runs under `script-src 'self'`: the storage helpers Material's bundle and md-palette.js use.
 * The scope (the site's root, relative to the page) comes from this script tag's data-md-scope. */
(function () {
  "use strict";
  var scope = document.currentScript && document.currentScript.getAttribute("data-md-scope");
  window.__md_scope = new URL(scope || ".", location);
  window.__md_hash = function (value) {
    return Array.from(String(value)).reduce(function (hash, c) {
      return (hash << 5) - hash + c.charCodeAt(0);
    }, 0);
  };
  window.__md_get = function (key, storage, base) {
    storage = storage || localStorage;
    base = base || window.__md_scope;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    storage = storage || localStorage;
    base = base || window.__md_scope;
    try {
      storage.setItem(base.pathname + "." + key, JSON.stringify(value));
    } catch (e) { /* storage full or denied: Material goes on without it */ }
  };
  // The root's classes Material's bundle sets when it starts ("js" for "no-js", and the focus-visible
  // polyfill's marker), set here while the body is still empty. Material's stylesheet has rules such
  // as `.no-js .md-typeset .tabbed-set > input:first-child:checked ~ ...` that make Chromium restyle
  // every element when these change; the bundle's own later changes are then no-ops. On the largest
  // checklist page that is one whole-page style pass less in the first-load task (about 25 ms, ~100 ms
  // at Lighthouse's 4x CPU slowdown; bench/lighthouse_bench.py).
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js", "js-focus-visible");
  root.setAttribute("data-js-focus-visible", "");
})();
