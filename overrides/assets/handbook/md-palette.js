/* Material for MkDocs' inline palette script (partials/javascripts/palette.html), moved to a file so
 * the site runs under `script-src 'self'`. Runs where Material's ran, right after the palette
 * toggles in the header: applies the colour scheme the reader chose before the page paints. */
(function () {
  "use strict";
  // Material's palette component sets this attribute when it starts (transitions off while the scheme
  // is applied) and removes it a frame later. Its stylesheet's `[data-md-color-switching] *` rule makes
  // Chromium restyle every element when it appears; set here, before the content is parsed, the bundle's
  // own setting is a no-op. One whole-page style pass less on first load (bench/lighthouse_bench.py).
  document.body.setAttribute("data-md-color-switching", "");
  var palette = window.__md_get("__palette");
  if (!palette || !palette.color) return;
  if (palette.color.media === "(prefers-color-scheme)") {
    var media = matchMedia("(prefers-color-scheme: light)");
    var input = document.querySelector(media.matches
      ? "[data-md-color-media='(prefers-color-scheme: light)']"
      : "[data-md-color-media='(prefers-color-scheme: dark)']");
    palette.color.media = input.getAttribute("data-md-color-media");
    palette.color.scheme = input.getAttribute("data-md-color-scheme");
    palette.color.primary = input.getAttribute("data-md-color-primary");
    palette.color.accent = input.getAttribute("data-md-color-accent");
  }
  Object.keys(palette.color).forEach(function (key) {
    document.body.setAttribute("data-md-color-" + key, palette.color[key]);
  });
})();
