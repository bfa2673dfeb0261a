/* The 404 page's helper (overrides/404.html). Static hosts match paths case-sensitively and the site
 * has one /c/<ID>/ page per exact ID, so:
 *   - /c/<id>/ in another case (or without the dash, sec001) goes to /c/<ID>/ when that page exists;
 *   - an ID that does not exist is explained: which checklist has that prefix and what its IDs are
 *     (from checklists/all.json, which lists every checklist and item), or which prefixes exist;
 *   - otherwise the search box is filled with the words of the missing path (the form sends ?q=
 *     to the home page, where Material opens the search with it). */
(function () {
  "use strict";
  var root = document.querySelector("[data-hb-404]");
  if (!root) return;
  var base = new URL(root.getAttribute("data-base") || "/", location.href);
  if (!/\/$/.test(base.pathname)) base = new URL(base.pathname + "/", base);
  var path = decodeURIComponent(location.pathname);
  var rest = path.indexOf(base.pathname) === 0 ? path.slice(base.pathname.length) : path.replace(/^\/+/, "");
  var box = root.querySelector(".hb-404__id");
  var text = root.querySelector(".hb-404__id-text");
  var input = root.querySelector("#hb-404-q");

  var words = rest.replace(/(index)?\.html?$/i, "").split(/[\/\-_.]+/).filter(function (w) {
    return w && w.length > 1 && !/^(c|checklists?)$/i.test(w);
  });
  if (input && words.length) input.value = words.join(" ");

  var match = /^c\/([^\/]+)\/?(index\.html)?$/i.exec(rest);
  if (!match) return;
  var asked = match[1];
  var wanted = asked.toUpperCase().replace(/^([A-Z]+)(\d+)$/, "$1-$2");
  var prefix = wanted.split("-")[0];

  function say(nodes) {
    text.textContent = "";
    nodes.forEach(function (n) { text.appendChild(typeof n === "string" ? document.createTextNode(n) : n); });
    box.hidden = false;
  }
  function link(href, label) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = label;
    return a;
  }
  function code(value) {
    var c = document.createElement("code");
    c.textContent = value;
    return c;
  }
  function explain(index) {
    // checklists/all.json is a project document (format 2): `items` holds every item once, with its
    // home checklist; `checklists` names them.
    var lists = (index && index.checklists) || [], items = (index && index.items) || [];
    var titles = {};
    lists.forEach(function (l) { titles[l.id] = l.title; });
    var mine = items.filter(function (i) { return i.id.split("-")[0] === prefix; });
    if (mine.length) {
      var home = mine[0].checklist, ids = mine.map(function (i) { return i.id; }).sort();
      say(["There is no checklist item ", code(wanted), ". IDs starting with ", code(prefix + "-"), " belong to the ",
           link(new URL("checklists/" + home + "/", base).href, (titles[home] || home) + " checklist"),
           " and run from ", code(ids[0]), " to ", code(ids[ids.length - 1]),
           ". An ID is never reused: a retired item keeps its page and points to what replaced it."]);
    } else {
      var prefixes = [];
      items.forEach(function (i) {
        var p = i.id.split("-")[0];
        if (prefixes.indexOf(p) < 0) prefixes.push(p);
      });
      say(["There is no checklist item ", code(asked), ". An item ID is a prefix, a dash and a number, such as ",
           code((items[0] && items[0].id) || "SEC-001"),
           "; upper or lower case both work. The prefixes in use are " + prefixes.join(", ") + ". See ",
           link(new URL("checklists/", base).href, "all checklists"), "."]);
    }
  }
  function loadIndex() {
    return fetch(new URL("checklists/all.json", base).href)
      .then(function (r) { return r.ok ? r.json() : null; })
      .catch(function () { return null; })
      .then(explain);
  }

  var target = new URL("c/" + encodeURIComponent(wanted) + "/", base);
  if (wanted === asked) { loadIndex(); return; }
  // The exact-ID page exists for every published item, retired ones included: ask for it.
  fetch(target.href, { method: "HEAD" }).then(function (r) {
    if (r.ok) location.replace(target.href + location.search + location.hash);
    else loadIndex();
  }, loadIndex);
})();
