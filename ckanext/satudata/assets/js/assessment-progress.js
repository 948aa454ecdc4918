/* The live progress bar of a running assessment run: polls the run's JSON status
   (satudata_assessment_run_show behind /walidata/assessment/runs/<id>.json) and updates the
   bar and its counts; once the run has finished it stops and shows the link to the new
   results (no reload while the walidata reads the page). Without JavaScript the page
   refreshes itself (<noscript> in index.html). */
(function () {
  'use strict';
  var box = document.getElementById('assessment-progress');
  if (!box || !box.getAttribute('data-status-url')) { return; }
  var url = box.getAttribute('data-status-url');
  var every = parseInt(box.getAttribute('data-poll-ms'), 10) || 3000;
  var labels = JSON.parse(box.getAttribute('data-state-labels') || '{}');
  var countsTemplate = box.getAttribute('data-counts-template') || '';
  var bar = box.querySelector('.progress-bar');
  var meter = box.querySelector('[role=progressbar]');
  var state = box.querySelector('.sd-run-state');
  var counts = box.querySelector('.sd-run-counts');

  function show(run) {
    var p = Math.max(0, Math.min(100, run.progress || 0));
    bar.style.width = p + '%';
    bar.textContent = p + '%';
    if (run.chunks_failed) { bar.classList.add('bg-warning'); }
    meter.setAttribute('aria-valuenow', p);
    if (state) { state.textContent = labels[run.state] || run.state; }
    if (counts) {
      counts.textContent = countsTemplate
        .replace('{a}', run.datasets_assessed).replace('{t}', run.datasets_total)
        .replace('{d}', run.chunks_done).replace('{c}', run.chunks_total)
        .replace('{f}', run.chunks_failed);
    }
  }

  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (run) {
        show(run);
        if (run.finished_at) {
          box.setAttribute('data-finished', 'true');
          var done = box.querySelector('.sd-run-finished');
          if (done) { done.hidden = false; }
          var resume = document.getElementById('assessment-resume-form');
          if (resume) { resume.hidden = true; }
        }
        else { window.setTimeout(poll, every); }
      })
      .catch(function () { window.setTimeout(poll, every * 3); });
  }
  window.setTimeout(poll, every);
})();
