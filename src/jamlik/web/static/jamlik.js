// Renders the Vega-Lite charts of a page (specs in <script type="application/json">).
// Vega compiles its expressions with Function(), hence 'unsafe-eval' in the CSP;
// inline scripts stay forbidden.
(function () {
  "use strict";
  var SV = {decimal: ",", thousands: "\u00a0", grouping: [3], currency: ["", " kr"], minus: "\u2212"};
  function render(root) {
    if (typeof window.vegaEmbed !== "function") { return; }
    var lang = document.documentElement.lang;
    root.querySelectorAll("[data-spec]").forEach(function (el) {
      if (el.dataset.rendered) { return; }
      var source = document.getElementById(el.dataset.spec);
      if (!source) { return; }
      el.dataset.rendered = "1";
      var options = {actions: false, renderer: "svg", defaultStyle: false};
      if (lang === "sv") { options.formatLocale = SV; }
      window.vegaEmbed(el, JSON.parse(source.textContent), options).then(function () {
        // the container is role="img" with a text label and a table follows; the SVG
        // inside is decoration for assistive technology
        el.querySelectorAll("svg").forEach(function (svg) {
          svg.setAttribute("aria-hidden", "true");
          svg.setAttribute("focusable", "false");
        });
      }).catch(function (error) {
        el.textContent = el.getAttribute("data-error");
        console.error(error);
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    render(document);
    // a form sent back with errors: move focus to its error summary (WCAG 3.3.1)
    var summary = document.getElementById("felsammanfattning");
    if (summary) { summary.focus(); }
  });
  document.addEventListener("htmx:afterSettle", function (event) { render(document); });
  // a period or gap of one municipality may not exist in another: a new municipality
  // starts from its own defaults instead of asking for a view that is not there
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target || target.name !== "municipality" || !target.form) { return; }
    target.form.querySelectorAll("select[name=period], select[name=skillnad]")
      .forEach(function (select) { select.dataset.changed || (select.disabled = true); });
  });
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && (target.name === "period" || target.name === "skillnad")) {
      target.dataset.changed = "1";
    }
  });
})();
