/*
 * The start every Zicht map shares: the view of the Netherlands, the background tiles with their credit from the
 * element's data attributes (data-tile-url, data-attribution, data-attribution-url; set from settings.MAP_TILE_URL),
 * and two small helpers. Loaded (deferred) after leaflet.js and before the script of a particular map.
 */
window.ZichtMap = (function () {
  "use strict";

  var NETHERLANDS = [52.2, 5.3];

  function onReady(callback) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", callback);
    } else {
      callback();
    }
  }

  function escapeHtml(text) {
    var element = document.createElement("span");
    element.textContent = text == null ? "" : String(text);
    return element.innerHTML;
  }

  // A map in `element` with the tiles named on `source` (the element itself unless given). No fade: a popup is
  // readable (and checkable) the moment it opens, and motion stays low. No scroll-wheel zoom: the page scrolls.
  function create(element, source, options) {
    var data = (source || element).dataset;
    var settings = { scrollWheelZoom: false, fadeAnimation: false };
    Object.keys(options || {}).forEach(function (key) {
      settings[key] = options[key];
    });
    var map = L.map(element, settings).setView(NETHERLANDS, 7);
    var credit = escapeHtml(data.attribution || "");
    if (data.attributionUrl) {
      credit = '<a href="' + escapeHtml(data.attributionUrl) + '" rel="noopener noreferrer">' + credit + "</a>";
    }
    L.tileLayer(data.tileUrl, { attribution: credit, minZoom: 6, maxZoom: 19 }).addTo(map);
    return map;
  }

  return { NETHERLANDS: NETHERLANDS, onReady: onReady, escapeHtml: escapeHtml, create: create };
})();
