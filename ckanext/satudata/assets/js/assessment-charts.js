/* Draws the charts of the assessment pages with Chart.js. Each <canvas data-sd-chart="ID">
   reads its data from <script type="application/json" id="ID"> (core/chart_specs.py); the
   labels come translated from the server, and the table beside each chart stays the
   accessible version of the same numbers. */
(function () {
  'use strict';
  if (!window.Chart) { return; }
  var colours = ['#2f6f9f', '#2e8540', '#c36b00', '#6c757d', '#b02a37'];

  // long indicator names would be cut at the canvas' edge: shorten, the tooltip has them whole
  function shorten(label) {
    label = String(label);
    return label.length > 42 ? label.slice(0, 40) + '…' : label;
  }

  function axis(title, max) {
    var a = { title: { display: !!title, text: title } };
    if (max !== null && max !== undefined) { a.beginAtZero = true; a.max = max; }
    return a;
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute('data-sd-chart'));
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var horizontal = spec.kind === 'hbar';
    var value = axis(spec.y_title, spec.max);
    value.beginAtZero = true;
    if (spec.integer) { value.ticks = { precision: 0 }; }  // counts: no 0.4 of a dataset
    var category = axis(spec.x_title, null);
    category.ticks = { callback: function (v) { return shorten(this.getLabelForValue(v)); } };
    var datasets = spec.series.map(function (s, n) {
      var colour = colours[n % colours.length];
      return { label: s.label, data: s.data, backgroundColor: colour, borderColor: colour,
               spanGaps: false, tension: 0.2 };
    });
    new window.Chart(canvas, {
      type: horizontal ? 'bar' : spec.kind,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: spec.series.length > 1 } },
        scales: horizontal ? { x: value, y: category } : { x: category, y: value }
      }
    });
    canvas.setAttribute('data-sd-drawn', 'true');
  }

  document.querySelectorAll('canvas[data-sd-chart]').forEach(draw);
})();
