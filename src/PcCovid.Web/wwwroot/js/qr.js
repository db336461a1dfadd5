// The rotating personal QR on /toi: fetches a fresh signed code before the shown one expires. Offline,
// the current code stays until it expires, then the page says to connect.
(function () {
  'use strict';
  var box = document.getElementById('personal-qr');
  if (!box) { return; }
  var image = document.getElementById('qr-image'), status = document.getElementById('qr-status');
  var timer = null;

  function schedule(seconds) {
    clearTimeout(timer);
    timer = setTimeout(refresh, Math.max(5, seconds) * 1000);
  }

  function checkExpiry() {
    var expired = Date.now() / 1000 >= Number(box.dataset.expires);
    status.hidden = !expired;
    image.classList.toggle('expired', expired);
  }

  function refresh() {
    fetch(box.dataset.url, { credentials: 'same-origin', cache: 'no-store', headers: { 'Accept': 'application/json' } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (qr) {
        image.src = qr.image;
        image.dataset.payload = qr.payload;
        box.dataset.expires = String(qr.expiresAt);
        box.dataset.refresh = String(qr.refreshAfterSeconds);
        checkExpiry();
        schedule(qr.refreshAfterSeconds);
      })
      .catch(function () { checkExpiry(); schedule(15); });
  }

  setInterval(checkExpiry, 5000);
  window.addEventListener('online', refresh);
  schedule(Number(box.dataset.refresh) || 60);
})();
