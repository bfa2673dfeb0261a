/* Material for MkDocs' inline content scripts (partials/javascripts/content.html), moved to a file
 * so the site runs under `script-src 'self'`: open the content tab a link's #hash points at, and
 * with content.tabs.link (data-tabs-link on this tag) the tabs the reader picked before. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (me && me.hasAttribute("data-tabs-link")) {
    var tabs = window.__md_get("__tabs");
    if (Array.isArray(tabs)) {
      document.querySelectorAll(".tabbed-set").forEach(function (set) {
        var labels = set.querySelector(".tabbed-labels");
        for (var t = 0; t < tabs.length; t++) {
          var found = Array.prototype.find.call(labels.getElementsByTagName("label"), function (label) {
            return label.innerText.trim() === tabs[t];
          });
          if (found) { document.getElementById(found.htmlFor).checked = true; return; }
        }
      });
    }
  }
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
