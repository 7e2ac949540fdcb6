// The online application form and its receipt (applications/apply.html, submitted.html). Everything here
// only improves pages that work without it: the fields it hides are ignored by the server when they do
// not apply, and the buttons it shows have a non-script equivalent on the page.
(function () {
  "use strict";

  // Error summary (GOV.UK pattern): focus it when the page opens, and let each link focus its field.
  function errorSummary() {
    var summary = document.getElementById("error-summary");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      var label = document.querySelector("label[for='" + target.id + "']");
      var legend = target.closest("fieldset") && target.closest("fieldset").querySelector("legend");
      (legend || label || target).scrollIntoView();
      target.focus({ preventScroll: true });
    });
  }

  // Conditional reveal: a block shown only while a radio group has a given value.
  function conditionalReveal() {
    document.querySelectorAll("[data-reveal-when]").forEach(function (block) {
      var name = block.getAttribute("data-reveal-when");
      var value = block.getAttribute("data-reveal-value");
      var radios = document.querySelectorAll("input[type=radio][name='" + name + "']");
      function update() {
        var checked = document.querySelector("input[type=radio][name='" + name + "']:checked");
        var shown = !!checked && checked.value === value;
        block.hidden = !shown;
        // aria-controls only: aria-expanded is not allowed on a radio button (GOV.UK dropped it too).
        radios.forEach(function (radio) {
          if (radio.value === value) radio.setAttribute("aria-controls", block.id);
        });
      }
      radios.forEach(function (radio) { radio.addEventListener("change", update); });
      update();
    });
  }

  // Receipt: copy the query code, print the page.
  function receiptButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source || !navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          var status = document.getElementById(button.getAttribute("data-copied"));
          if (status) status.textContent = "已复制查询码。";
        });
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function start() {
    errorSummary();
    conditionalReveal();
    receiptButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
