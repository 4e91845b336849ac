// Coverage pages: sortable tables, auto-submitting filters, print buttons, charts (chart.js).
// No inline script anywhere (CSP): data comes from <script type="application/json" id="coverage-data">.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    raw = raw.trim();
    var number = Number(raw.replace(/\./g, "").replace(",", ".").replace("%", ""));
    if (cell.hasAttribute("data-sort") && raw !== "" && !isNaN(Number(raw))) return Number(raw);
    return raw !== "" && !isNaN(number) && /^[\d.,%\s-]+$/.test(raw) ? number : raw.toLocaleLowerCase("vi");
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      th.tabIndex = 0;
      th.classList.add("sort-head");
      th.setAttribute("aria-sort", "none");
      function sort() {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return !r.querySelector(".empty"); });
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          if (typeof x === "number" && typeof y === "number") return ascending ? x - y : y - x;
          return ascending ? String(x).localeCompare(String(y), "vi") : String(y).localeCompare(String(x), "vi");
        });
        Array.prototype.forEach.call(headers, function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

  function charts() {
    var block = document.getElementById("coverage-data");
    if (!block || !window.Chart) return;
    var data = JSON.parse(block.textContent);
    var ink = "#14213d", brand = "#0b5cad", warn = "#c98a00";
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = ink;
    var months = document.getElementById("chart-months");
    if (months) {
      new Chart(months, {
        type: "bar",
        data: { labels: data.months.labels, datasets: [{ label: data.months.label, data: data.months.values, backgroundColor: brand }] },
        options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } },
                   scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
    }
    var areas = document.getElementById("chart-areas");
    if (areas) {
      var sets = [{ type: "bar", label: data.areas.label, data: data.areas.values.map(function (v) { return v === null ? 0 : v; }),
                    backgroundColor: data.areas.values.map(function (v) {
                      return data.areas.target !== null && (v || 0) <= data.areas.target ? warn : brand; }) }];
      if (data.areas.target !== null) {
        sets.push({ type: "line", label: data.areas.targetLabel + " " + data.areas.target + "%",
                    data: data.areas.labels.map(function () { return data.areas.target; }),
                    borderColor: "#b3261e", borderDash: [6, 4], pointRadius: 0, borderWidth: 2 });
      }
      var short = data.areas.labels.map(function (label) {
        return label.length > 32 ? label.slice(0, 30) + "…" : label; });
      new Chart(areas, {
        data: { labels: short, datasets: sets },
        options: { indexAxis: "y", responsive: true, maintainAspectRatio: false,
                   plugins: { legend: { display: data.areas.target !== null, position: "bottom" } },
                   scales: { x: { beginAtZero: true, max: data.areas.percent ? 100 : undefined,
                                  ticks: { callback: function (v) { return data.areas.percent ? v + "%" : v; } } } } }
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("[data-autosubmit]"), function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    charts();
  });
})();
