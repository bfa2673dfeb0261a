/* Lazy Mermaid for Material for MkDocs, from this site only.
 *
 * Material renders each `.mermaid` block through the global `mermaid`, and loads it from a CDN
 * when there is none. This stand-in is that global: it keeps Material's `initialize` options and,
 * on the first `render` (so only on a page with a diagram), loads this site's copy of Mermaid
 * (data-mermaid-src on this tag, resolved now because navigation.instant changes the page URL),
 * hands it the options and renders. Mermaid then replaces the stand-in as `window.mermaid`. */
(function () {
  "use strict";
  if (typeof window.mermaid !== "undefined" && !(window.mermaid instanceof Element)) return;
  var me = document.currentScript;
  var src = new URL(me.getAttribute("data-mermaid-src"), document.baseURI).href;
  var options = null;
  var loading = null;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = function () {
          var real = window.mermaid;
          if (!real || typeof real.render !== "function") {
            reject(new Error("Mermaid did not load from " + src));
            return;
          }
          if (options) real.initialize(options);
          resolve(real);
        };
        script.onerror = function () { loading = null; reject(new Error("Could not load " + src)); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  window.mermaid = {
    lazy: true,
    initialize: function (config) { options = config; },
    render: function () {
      var args = arguments;
      return load().then(function (real) { return real.render.apply(real, args); });
    },
    run: function () {
      var args = arguments;
      return load().then(function (real) { return real.run.apply(real, args); });
    }
  };
})();
