// Shared by the console's progress pages (uploads, migration jobs): asks a status URL for JSON until the page's
// own show(status) says the work has finished (returns true); every 0.7 s, every 2 s after a failed request.
window.pcCovidPollStatus = function (url, show) {
  'use strict';
  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (s) { if (!show(s)) { setTimeout(poll, 700); } })
      .catch(function () { setTimeout(poll, 2000); });
  }
  poll();
};
