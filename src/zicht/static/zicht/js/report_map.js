/*
 * Zicht: the map of the Dashboard Meldingen Woonoverlast. Progressive enhancement: the page lists the newest reports
 * in a table and every count in tables, so nothing is lost without JavaScript. CSP forbids inline script, so the
 * points come from a json_script data block and the settings from data-attributes:
 *
 *   <div data-report-map
 *        data-points-id="report-map-points"            id of the <script type="application/json"> with the points
 *        data-tile-url="https://…/{z}/{x}/{y}.png"    background tiles (settings.MAP_TILE_URL)
 *        data-attribution="…" data-attribution-url="…"
 *        data-label-category="…" data-label-status="…" data-label-created="…" data-label-neighbourhood="…">
 *
 * A point: {lat, lon, reference, url, category, category_label, status, status_label, created, neighbourhood}.
 */
(function () {
  "use strict";

  // The house tokens: open reports in the error red and larger, closed ones in the success green.
  var OPEN = { color: "#ffffff", weight: 1, fillColor: "#b3261e", fillOpacity: 0.9, radius: 7 };
  var CLOSED = { color: "#ffffff", weight: 1, fillColor: "#275937", fillOpacity: 0.8, radius: 5 };
  var CLOSED_STATUSES = { handled: true, cancelled: true };

  var onReady = window.ZichtMap.onReady;

  function readPoints(element) {
    var source = document.getElementById(element.dataset.pointsId);
    if (!source) {
      return [];
    }
    try {
      return JSON.parse(source.textContent);
    } catch (error) {
      return [];
    }
  }

  function popupContent(point, labels) {
    // Built from DOM nodes, never from an HTML string, so no text of a report can inject markup.
    var root = document.createElement("div");
    var title = document.createElement(point.url ? "a" : "strong");
    if (point.url) {
      title.href = point.url;
    }
    title.textContent = point.reference;
    root.appendChild(title);
    var list = document.createElement("dl");
    [
      [labels.category, point.category_label],
      [labels.status, point.status_label],
      [labels.created, point.created],
      [labels.neighbourhood, point.neighbourhood || "–"]
    ].forEach(function (pair) {
      var term = document.createElement("dt");
      term.textContent = pair[0];
      var value = document.createElement("dd");
      value.textContent = pair[1] == null ? "–" : String(pair[1]);
      list.appendChild(term);
      list.appendChild(value);
    });
    root.appendChild(list);
    return root;
  }

  function createMap(element) {
    element.textContent = "";
    // Canvas draws thousands of points quickly.
    return window.ZichtMap.create(element, null, { preferCanvas: true });
  }

  function showPoints(element, map, points) {
    var labels = {
      category: element.dataset.labelCategory || "Categorie",
      status: element.dataset.labelStatus || "Status",
      created: element.dataset.labelCreated || "Gemeld op",
      neighbourhood: element.dataset.labelNeighbourhood || "Buurt"
    };
    var layer = L.featureGroup();
    // Closed first, so open reports are drawn on top.
    points
      .slice()
      .sort(function (a, b) {
        return (CLOSED_STATUSES[b.status] ? 1 : 0) - (CLOSED_STATUSES[a.status] ? 1 : 0);
      })
      .forEach(function (point) {
        var style = CLOSED_STATUSES[point.status] ? CLOSED : OPEN;
        L.circleMarker([point.lat, point.lon], style).bindPopup(popupContent(point, labels)).addTo(layer);
      });
    layer.addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    }
  }

  onReady(function () {
    if (typeof window.L === "undefined") {
      return; // Leaflet did not load: the fallback text and the table stay.
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-report-map]"), function (element) {
      var points = readPoints(element);
      var map = createMap(element);
      showPoints(element, map, points);
    });
  });
})();
