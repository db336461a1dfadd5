// Polls a console upload's status (GET /can-bo/tai-len/{id}/trang-thai) until it has finished:
// rows read / accepted / refused, and the refused lines with their numbers and reasons.
(function () {
  'use strict';
  var box = document.getElementById('upload');
  if (!box) { return; }
  var url = box.getAttribute('data-status-url');
  var texts = document.getElementById('upload-texts');
  function show(s) {
    document.getElementById('rows-read').textContent = s.rowsRead.toLocaleString('vi-VN');
    document.getElementById('rows-accepted').textContent = s.accepted.toLocaleString('vi-VN');
    document.getElementById('rows-rejected').textContent = s.rejected.toLocaleString('vi-VN');
    var body = document.querySelector('#rejections tbody');
    body.textContent = '';
    s.rejections.forEach(function (r) {
      var row = document.createElement('tr');
      var line = document.createElement('td');
      line.className = 'line-number';
      line.textContent = String(r.lineNumber);
      var reason = document.createElement('td');
      reason.textContent = r.reason;
      row.appendChild(line);
      row.appendChild(reason);
      body.appendChild(row);
    });
    var status = document.getElementById('upload-status');
    status.setAttribute('data-status', s.status);
    if (s.status === 'running') { return false; }
    var bar = document.getElementById('upload-bar');
    bar.max = 1; bar.value = 1;
    status.textContent = texts.getAttribute('data-' + (s.status === 'completed' || s.status === 'interrupted' ? s.status : 'failed'));
    if (s.error) {
      var error = document.getElementById('upload-error');
      error.textContent = s.error;
      error.hidden = false;
    }
    return true;
  }
  window.pcCovidPollStatus(url, show);
}());
