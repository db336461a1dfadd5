// Polls a migration run's status (GET /api/migration/runs/{id}) until it has finished: records read, linked,
// review, claim, new, rejected; then the report (by rule, persons and facts created, the sum check) and the refused lines.
(function () {
  'use strict';
  var box = document.getElementById('migration-job');
  if (!box) { return; }
  var url = box.getAttribute('data-status-url');
  var texts = document.getElementById('job-texts');
  var locale = document.documentElement.lang === 'en' ? 'en' : 'vi-VN';
  function number(id, value) {
    document.getElementById(id).textContent = value.toLocaleString(locale);
  }
  function rows(selector, pairs) {
    var body = document.querySelector(selector + ' tbody');
    body.textContent = '';
    pairs.forEach(function (p) {
      var row = document.createElement('tr');
      var first = document.createElement('td');
      first.className = 'key';
      first.textContent = p[0];
      var second = document.createElement('td');
      second.textContent = p[1];
      row.appendChild(first);
      row.appendChild(second);
      body.appendChild(row);
    });
  }
  function show(s) {
    document.getElementById('job-source').textContent = s.source + ' · ' + s.fileName;
    number('job-read', s.read);
    number('job-linked', s.linked);
    number('job-review', s.review);
    number('job-claim', s.claim);
    number('job-new', s.new);
    number('job-rejected', s.rejected);
    rows('#job-rejections', s.rejections.map(function (r) { return [String(r.lineNumber), r.reason]; }));
    var status = document.getElementById('job-status');
    if (s.status === 'running') { return false; }
    var bar = document.getElementById('job-bar');
    bar.max = 1; bar.value = 1;
    status.textContent = texts.getAttribute('data-' + s.status);
    if (s.error) {
      var error = document.getElementById('job-error');
      error.textContent = s.error;
      error.hidden = false;
    }
    if (s.status === 'done') {
      number('job-already', s.alreadyMigrated);
      number('job-persons', s.personsCreated);
      number('job-facts', s.factsCreated);
      document.getElementById('job-accounted').textContent = texts.getAttribute(s.accounted ? 'data-yes' : 'data-no');
      rows('#job-rules', Object.keys(s.linkedByRule).map(function (k) { return [k, s.linkedByRule[k].toLocaleString(locale)]; }));
      document.getElementById('job-report').hidden = false;
    }
    // The status attribute last: tests and assistive tools wait on it, with everything above already shown.
    status.setAttribute('data-status', s.status);
    return true;
  }
  window.pcCovidPollStatus(url, show);
}());
