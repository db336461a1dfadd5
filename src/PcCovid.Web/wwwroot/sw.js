// PcCovid service worker: keeps the app shell (styles, scripts, icons) and the last card page so that
// the card, the QR scanner and the offline check-in queue open without network. Pages are network
// first (always fresh when online); static files from the cache at once, refreshed behind. Only GETs are touched: check-ins are
// POSTed by the page, which queues them in IndexedDB when the network is down (js/app.js).
'use strict';
var VERSION = 'pccovid-v2';
var SHELL = ['/site.css', '/css/citizen.css', '/js/offline-queue.js', '/js/app.js', '/js/qr.js', '/js/checkin.js', '/lib/jsqr/jsQR.js', '/icons/icon-192.png', '/manifest.webmanifest'];
var PAGES = ['/toi', '/toi/check-in'];

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(VERSION).then(function (cache) { return cache.addAll(SHELL); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== VERSION; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf('/api/') === 0 || url.search.indexOf('handler=') >= 0) { return; }
  if (request.mode === 'navigate') {
    if (PAGES.indexOf(url.pathname) < 0) { return; }
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok && !response.redirected) {
        var copy = response.clone();
        caches.open(VERSION).then(function (cache) { cache.put(url.pathname, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(url.pathname).then(function (cached) { return cached || Response.error(); });
    }));
    return;
  }
  if (SHELL.indexOf(url.pathname) >= 0) {
    // Stale while revalidate: the cached copy at once, a fresh one for next time.
    event.respondWith(caches.open(VERSION).then(function (cache) {
      return cache.match(url.pathname).then(function (cached) {
        var fresh = fetch(request).then(function (response) {
          if (response.ok) { cache.put(url.pathname, response.clone()); }
          return response;
        });
        if (cached) { fresh.catch(function () { return null; }); return cached; }
        return fresh;
      });
    }));
  }
});
