/*
 * Zicht: small progressive enhancements. Every page works without this file; CSP forbids inline script,
 * so behaviour that would otherwise sit in onclick/onchange attributes is declared with data-attributes here.
 *
 *   <form data-confirm="Weet u het zeker?">   asks before submitting (destructive actions)
 *   <select data-autosubmit>                  submits its form on change; the form keeps a visible submit button
 *   <div data-focus-on-load>                  receives focus on load (the error summary of a form)
 *   <div class="table-scroll">                a table wider than the page scrolls inside it; once it does, the box
 *                                             becomes a named, focusable region so the keyboard can scroll it too
 */
(function () {
  "use strict";

  function onReady(callback) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", callback);
    } else {
      callback();
    }
  }

  function confirmBeforeSubmit() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var question = form && form.getAttribute && form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
      }
    });
  }

  function autoSubmitSelects() {
    document.addEventListener("change", function (event) {
      var field = event.target;
      if (field && field.matches && field.matches("select[data-autosubmit]") && field.form) {
        if (typeof field.form.requestSubmit === "function") {
          field.form.requestSubmit();
        } else {
          field.form.submit();
        }
      }
    });
  }

  function focusFirstError() {
    // Move focus to the error summary so screen-reader users hear why the form came back.
    var target = document.querySelector("[data-focus-on-load]");
    if (!target) {
      return;
    }
    if (!target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }

  function focusableScrollBoxes() {
    var boxes = document.querySelectorAll(".table-scroll:not([tabindex])");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.scrollWidth <= box.clientWidth) {
        return;
      }
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
        var caption = box.querySelector("caption");
        var name = caption ? caption.textContent.trim() : "";
        if (!name) {
          name = document.documentElement.lang === "en" ? "Table" : "Tabel";
        }
        box.setAttribute("aria-label", name);
      }
    });
  }

  confirmBeforeSubmit();
  autoSubmitSelects();
  onReady(focusFirstError);
  onReady(focusableScrollBoxes);
  window.addEventListener("resize", focusableScrollBoxes);
})();
