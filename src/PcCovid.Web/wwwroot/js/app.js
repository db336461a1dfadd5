// PcCovid citizen app: registers the service worker (app shell + card offline) and keeps the offline
// check-in queue: check-ins made without network wait in IndexedDB with their idempotency key and go
// to POST /api/check-ins/batch when the network is back; the server stores a re-sent key once.
(function () {
  'use strict';
  var queue = window.PcCovidOfflineQueue.open('pccovid', 'check-in-queue');
  var newKey = window.PcCovidOfflineQueue.newKey;

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(function () { /* the app works without it */ });
  }

  function all() { return queue.all(); }

  function showCount() {
    return all().then(function (items) {
      var n = items.length;
      document.querySelectorAll('[data-queue]').forEach(function (el) {
        el.hidden = n === 0;
        var count = el.querySelector('[data-queue-count]');
        if (count) { count.textContent = String(n); }
      });
      return n;
    });
  }

  var flushing = null;
  function flush() {
    if (flushing) { return flushing; }
    flushing = all().then(function (items) {
      if (items.length === 0 || !navigator.onLine) { return null; }
      var batch = items.slice(0, 100);
      return fetch('/api/check-ins/batch', {
        method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ items: batch })
      }).then(function (response) {
        if (!response.ok) { return null; }
        return response.json().then(function (body) {
          // Accepted, duplicate (already stored) and refused items all leave the queue: only a network failure keeps them.
          return queue.remove(batch.map(function (item) { return item.idempotencyKey; }))
            .then(function () { return { sent: batch, body: body }; });
        });
      });
    }).catch(function () { return null; }).then(function (outcome) {
      flushing = null;
      return showCount().then(function () { return outcome; });
    });
    return flushing;
  }

  function enqueue(item) {
    item.idempotencyKey = item.idempotencyKey || newKey();
    item.checkedInAt = item.checkedInAt || new Date().toISOString();
    return queue.put(item).then(showCount).then(function () { return item; });
  }

  window.PcCovid = { enqueue: enqueue, flush: flush, showCount: showCount, newKey: newKey };
  window.addEventListener('online', flush);
  // Some phones miss the online event: try again now and then while something waits.
  setInterval(function () { if (navigator.onLine) { flush(); } }, 20000);
  document.addEventListener('DOMContentLoaded', function () { showCount().then(flush); });
})();
