// An offline queue in IndexedDB, shared by the citizen app (js/app.js: check-ins made without network) and the
// venue scanner (js/venue-scanner.js: scans waiting to be sent). Items are kept by their idempotency key, made on
// the device, so a batch re-sent after a lost answer is stored once by the server. Each page decides what to send
// and where; this file only keeps the items.
(function () {
  'use strict';

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }

  // A queue in the database `dbName`, object store `storeName`, keyed by idempotencyKey.
  function OfflineQueue(dbName, storeName) {
    function open() {
      return new Promise(function (resolve, reject) {
        var request = indexedDB.open(dbName, 1);
        request.onupgradeneeded = function () { request.result.createObjectStore(storeName, { keyPath: 'idempotencyKey' }); };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }

    function run(mode, work) {
      return open().then(function (db) {
        return new Promise(function (resolve, reject) {
          var tx = db.transaction(storeName, mode);
          var result = work(tx.objectStore(storeName));
          tx.oncomplete = function () { db.close(); resolve(result && 'result' in result ? result.result : undefined); };
          tx.onerror = function () { db.close(); reject(tx.error); };
        });
      });
    }

    return {
      put: function (item) { return run('readwrite', function (s) { s.put(item); }); },
      all: function () { return run('readonly', function (s) { return s.getAll(); }).then(function (items) { return items || []; }); },
      remove: function (keys) { return run('readwrite', function (s) { keys.forEach(function (k) { s.delete(k); }); }); }
    };
  }

  window.PcCovidOfflineQueue = { open: OfflineQueue, newKey: newKey };
})();
