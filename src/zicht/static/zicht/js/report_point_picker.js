/*
 * Zicht: choose the place of a public report on a map. Progressive enhancement: without JavaScript (or when the
 * map cannot load) the latitude and longitude inputs and the address fields work as they are.
 *
 *   <div data-point-picker data-tile-url="https://…/{z}/{x}/{y}.png" data-attribution="…"
 *        data-attribution-url="…" data-label-map="…" data-label-locate="…" data-label-chosen="…">
 *   <input data-point-lat>  <input data-point-lon>   (in the same form)
 *
 * A click or tap on the map fills both inputs; typing in them moves the marker.
 */
(function () {
  "use strict";

  var BOUNDS = { south: 50.7, north: 53.7, west: 3.2, east: 7.3 };

  var onReady = window.ZichtMap.onReady;

  function readNumber(input) {
    var value = parseFloat(String(input.value || "").replace(",", "."));
    return isFinite(value) ? value : null;
  }

  function inNetherlands(lat, lon) {
    return lat >= BOUNDS.south && lat <= BOUNDS.north && lon >= BOUNDS.west && lon <= BOUNDS.east;
  }

  function setup(element) {
    var form = element.closest("form");
    var latInput = form && form.querySelector("[data-point-lat]");
    var lonInput = form && form.querySelector("[data-point-lon]");
    if (!latInput || !lonInput || typeof L === "undefined" || !element.dataset.tileUrl) {
      return;
    }
    element.textContent = "";
    element.classList.add("point-picker--active");
    var mapElement = document.createElement("div");
    mapElement.className = "point-picker__map";
    mapElement.setAttribute("role", "region");
    mapElement.setAttribute("aria-label", element.dataset.labelMap || "");
    element.appendChild(mapElement);

    var map = window.ZichtMap.create(mapElement, element);
    // A vector marker: no image files, so nothing extra for the Content-Security-Policy to allow.
    var marker = null;

    function place(lat, lon, fillInputs) {
      if (marker) {
        marker.setLatLng([lat, lon]);
      } else {
        marker = L.circleMarker([lat, lon], { radius: 9, weight: 3, color: "#154273", fillColor: "#ffb612", fillOpacity: 1 });
        marker.addTo(map);
        if (element.dataset.labelChosen) {
          marker.bindTooltip(element.dataset.labelChosen);
        }
      }
      if (fillInputs) {
        latInput.value = lat.toFixed(6);
        lonInput.value = lon.toFixed(6);
      }
    }

    function fromInputs(zoom) {
      var lat = readNumber(latInput);
      var lon = readNumber(lonInput);
      if (lat !== null && lon !== null && inNetherlands(lat, lon)) {
        place(lat, lon, false);
        if (zoom) {
          map.setView([lat, lon], 17);
        }
      }
    }

    map.on("click", function (event) {
      place(event.latlng.lat, event.latlng.lng, true);
    });
    latInput.addEventListener("change", function () { fromInputs(true); });
    lonInput.addEventListener("change", function () { fromInputs(true); });
    fromInputs(true);

    if (navigator.geolocation && element.dataset.labelLocate) {
      var locate = document.createElement("button");
      locate.type = "button";
      locate.className = "button button--secondary point-picker__locate";
      locate.textContent = element.dataset.labelLocate;
      locate.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (position) {
          var lat = position.coords.latitude;
          var lon = position.coords.longitude;
          place(lat, lon, true);
          map.setView([lat, lon], 17);
        });
      });
      element.appendChild(locate);
    }
  }

  onReady(function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-point-picker]"), setup);
  });
})();
