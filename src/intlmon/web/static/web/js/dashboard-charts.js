/* Draws every .vega-chart of a dashboard page with vega-embed from the Vega-Lite spec the server put
   in a JSON data block (json_script), the same spec the reports render. Vega's CSP-safe expression
   interpreter replaces `new Function` (the Content-Security-Policy has no 'unsafe-eval'); no style
   element is injected (defaultStyle: false, tooltips without their default stylesheet). The server's
   SVG image stays when a chart cannot be drawn; a linked chart (data-fallback: its SVG drawn on request,
   in a <noscript> for browsers without scripts) gets that image then. */
(function () {
  "use strict";

  function linkedImage(container) {
    var img = document.createElement("img");
    img.className = "chart-fallback";
    img.src = container.dataset.fallback;
    img.alt = container.dataset.alt || "";
    container.replaceChildren(img);
  }

  function draw(container) {
    var data = document.getElementById(container.dataset.spec);
    if (!data || typeof vegaEmbed === "undefined" || typeof vega === "undefined" || !vega.expressionInterpreter) {
      if (container.dataset.fallback) { linkedImage(container); }
      return;
    }
    var payload = JSON.parse(data.textContent);
    var fallback = container.innerHTML;
    var spec = payload.spec;
    spec.autosize = { type: "fit-x", contains: "padding" };
    vegaEmbed(container, spec, {
      renderer: "svg",
      actions: false,
      defaultStyle: false,
      ast: true,
      expr: vega.expressionInterpreter,
      formatLocale: payload.locale,
      tooltip: { disableDefaultStyle: true }
    }).then(function () {
      container.classList.add("drawn");
    }).catch(function (error) {
      if (container.dataset.fallback) { linkedImage(container); } else { container.innerHTML = fallback; }
      container.classList.add("not-drawn");
      if (window.console) { console.warn("chart", container.id, error); }
    });
  }

  function start() {
    var charts = document.querySelectorAll(".vega-chart");
    for (var i = 0; i < charts.length; i++) { draw(charts[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
