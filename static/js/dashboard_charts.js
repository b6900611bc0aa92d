// The leaders' dashboard charts (Chart.js), drawn from the JSON block the page carries
// (#dashboard-charts-data). The tables next to each chart hold the same numbers and are the
// accessible version: the canvases are aria-hidden.
(function () {
  "use strict";
  var COLOURS = ["#0d6efd", "#198754", "#dc3545", "#fd7e14", "#6f42c1"];

  function draw() {
    var source = document.getElementById("dashboard-charts-data");
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var chart = data[canvas.dataset.chart];
      if (!chart) {
        return;
      }
      var datasets = chart.series.map(function (series, i) {
        return { type: "bar", label: series.label, data: series.values,
                 backgroundColor: COLOURS[i % COLOURS.length], yAxisID: "y" };
      });
      var scales = { y: { beginAtZero: true, ticks: { precision: 0 } } };
      if (chart.share) {
        datasets.push({ type: "line", label: chart.share.label, data: chart.share.values,
                        borderColor: COLOURS[2], backgroundColor: COLOURS[2], yAxisID: "share",
                        spanGaps: true });
        scales.share = { position: "right", min: 0, max: 100,
                         grid: { drawOnChartArea: false },
                         ticks: { callback: function (v) { return v + "%"; } } };
      }
      canvas.dataset.drawn = "true";
      new window.Chart(canvas, {
        data: { labels: chart.labels, datasets: datasets },
        options: { animation: still ? false : undefined, aspectRatio: 2.2, scales: scales,
                   plugins: { legend: { position: "bottom" } } }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
