/*
 * Zicht: the register's maps. Progressive enhancement: every page with a map also shows its data as text or a table.
 * Settings come from data-attributes (CSP forbids inline script):
 *
 *   <div data-location-map
 *        data-tile-url="https://…/{z}/{x}/{y}.png"   background tiles (settings.MAP_TILE_URL)
 *        data-attribution="…" data-attribution-url="…"   credit for the tiles
 *        data-geojson-url="/huisvesting/locaties/?…&export=geojson"   markers for the filtered locations, or
 *        data-lat="52.25" data-lon="6.16" data-name="…" data-verdict="pass">   one location
 */
(function () {
  "use strict";

  var SYMBOLS = { pass: "✓", fail: "✕", unknown: "?" };

  var onReady = window.ZichtMap.onReady;

  function markerIcon(verdict) {
    var kind = SYMBOLS[verdict] ? verdict : "unknown";
    return L.divIcon({
      className: "map-marker-icon",
      html: '<span class="map-marker map-marker--' + kind + '" aria-hidden="true"><span>' + SYMBOLS[kind] + "</span></span>",
      iconSize: [24, 24],
      iconAnchor: [12, 12],
      popupAnchor: [0, -12]
    });
  }

  function popupContent(properties, labels) {
    // Built from DOM nodes, never from an HTML string, so a location's name cannot inject markup.
    var root = document.createElement("div");
    var title = document.createElement("a");
    title.href = properties.url;
    title.textContent = properties.name;
    root.appendChild(title);
    var list = document.createElement("dl");
    [
      [labels.status, properties.status_label],
      [labels.capacity, properties.capacity_beds],
      [labels.verdict, properties.norm_verdict_label]
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
    return window.ZichtMap.create(element);
  }

  function showLocations(element, map) {
    var labels = {
      status: element.dataset.labelStatus || "Status",
      capacity: element.dataset.labelCapacity || "Capaciteit",
      verdict: element.dataset.labelVerdict || "Normoordeel"
    };
    fetch(element.dataset.geojsonUrl, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (collection) {
        var layer = L.geoJSON(collection, {
          pointToLayer: function (feature, latlng) {
            return L.marker(latlng, {
              icon: markerIcon(feature.properties.norm_verdict),
              title: feature.properties.name + " (" + feature.properties.norm_verdict_label + ")",
              alt: feature.properties.name
            });
          },
          onEachFeature: function (feature, marker) {
            marker.bindPopup(popupContent(feature.properties, labels));
          }
        }).addTo(map);
        var bounds = layer.getBounds();
        if (bounds.isValid()) {
          map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
        }
      })
      .catch(function () {
        var message = document.createElement("p");
        message.className = "notice notice--error";
        message.setAttribute("role", "alert");
        message.textContent = element.dataset.labelError || "De locaties konden niet worden geladen.";
        element.parentNode.insertBefore(message, element);
      });
  }

  function showPoint(element, map) {
    var point = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)];
    if (isNaN(point[0]) || isNaN(point[1])) {
      return;
    }
    L.marker(point, { icon: markerIcon(element.dataset.verdict), title: element.dataset.name, alt: element.dataset.name }).addTo(map);
    map.setView(point, 15);
  }

  onReady(function () {
    if (typeof window.L === "undefined") {
      return; // Leaflet did not load: the fallback text and the table stay.
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-location-map]"), function (element) {
      var map = createMap(element);
      if (element.dataset.geojsonUrl) {
        showLocations(element, map);
      } else {
        showPoint(element, map);
      }
    });
  });
})();
