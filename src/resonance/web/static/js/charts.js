/* Resonance dashboard charts: uPlot drawn from JSON data blocks; tables stay as the text form. */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";
  var numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  var percent = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 });
  var days = new Intl.DateTimeFormat(lang, { month: "short", day: "numeric", timeZone: "UTC" });
  var COLOURS = { total: "#1d4e89", positive: "#1e6b34", neutral: "#4f5863", negative: "#a4161a",
    target: "#7a4d00", trajectory: "#6a3d9a", band: "rgba(29, 78, 137, 0.18)" };

  function read(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function seconds(day) { return Date.parse(day + "T00:00:00Z") / 1000; }
  function value(unit) {
    return function (u, v) { return v == null ? "—" : (unit === "share" ? percent : numbers).format(v); };
  }
  function axes(unit) {
    return [
      { values: function (u, splits) { return splits.map(function (s) { return days.format(new Date(s * 1000)); }); } },
      { values: function (u, splits) { return splits.map(function (s) { return value(unit)(u, s); }); }, size: 64 }
    ];
  }
  function line(label, colour, unit, extra) {
    var s = { label: label, stroke: colour, width: 2, value: value(unit), spanGaps: false };
    for (var k in extra) { s[k] = extra[k]; }
    return s;
  }
  function drill(links, holder) {
    // A click or Enter on the chart opens the mentions behind the day under the cursor.
    return function (u) {
      function open() {
        var i = u.cursor.idx;
        if (i != null && links[i]) { window.location.assign(links[i]); }
      }
      u.over.addEventListener("click", open);
      holder.addEventListener("keydown", function (e) {
        var i = u.cursor.idx == null ? links.length - 1 : u.cursor.idx;
        if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
          i = Math.max(0, Math.min(links.length - 1, i + (e.key === "ArrowLeft" ? -1 : 1)));
          u.setCursor({ left: u.valToPos(u.data[0][i], "x"), top: 10 });
          e.preventDefault();
        } else if (e.key === "Enter") { open(); }
      });
    };
  }
  function width(el) { return Math.max(280, el.clientWidth || 600); }
  function label(el, key) { return el.getAttribute("data-label-" + key) || key; }

  function seriesChart(el, d) {
    var x = d.days.map(seconds);
    var opts = {
      width: width(el), height: 260, axes: axes(d.unit), cursor: { points: { size: 8 } },
      series: [{ value: function (u, v) { return days.format(new Date(v * 1000)); } },
        line(label(el, "total"), COLOURS.total, d.unit, {}),
        line(label(el, "positive"), COLOURS.positive, d.unit, { width: 1.5 }),
        line(label(el, "neutral"), COLOURS.neutral, d.unit, { width: 1.5, dash: [4, 3] }),
        line(label(el, "negative"), COLOURS.negative, d.unit, { width: 1.5 })],
      hooks: { ready: [drill(d.links, el)] }
    };
    return new uPlot(opts, [x, d.total, d.positive, d.neutral, d.negative], el);
  }
  function kpiChart(el, d) {
    var x = d.days.map(seconds);
    var opts = {
      width: width(el), height: 260, axes: axes(d.unit), cursor: { points: { size: 8 } },
      series: [{ value: function (u, v) { return days.format(new Date(v * 1000)); } },
        line(label(el, "value"), COLOURS.total, d.unit, { points: { show: true, size: 5 } }),
        line(label(el, "target"), COLOURS.target, d.unit, { dash: [6, 4] }),
        line(label(el, "trajectory"), COLOURS.trajectory, d.unit, { dash: [2, 3] }),
        line(label(el, "low"), COLOURS.band, d.unit, { width: 1 }),
        line(label(el, "high"), COLOURS.band, d.unit, { width: 1 })],
      bands: [{ series: [5, 4], fill: COLOURS.band }],
      hooks: { ready: [drill(d.links, el)] }
    };
    return new uPlot(opts, [x, d.values, d.target, d.trajectory, d.low, d.high], el);
  }
  function draw() {
    if (typeof uPlot === "undefined") { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var d = read(el.getAttribute("data-source"));
      if (!d || !d.days || !d.days.length) { return; }
      el.setAttribute("tabindex", "0");
      el.removeAttribute("aria-hidden");
      el.setAttribute("role", "img");
      el.setAttribute("aria-label", el.getAttribute("data-summary") || "");
      (el.getAttribute("data-chart") === "kpi" ? kpiChart : seriesChart)(el, d);
    });
    document.querySelectorAll(".bar[data-share]").forEach(function (bar) {
      bar.style.width = Math.max(0, Math.min(100, Number(bar.getAttribute("data-share")))) + "%";
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else { draw(); }
})();
