// The venue scanner (Pages/Venues/Scanner): reads citizens' personal QR codes from the camera (jsQR) or the
// manual field, verifies them OFFLINE with the published ES256 keys (GET /api/qr/keys, cached for offline
// use; WebCrypto), shows name and colour only with a colour flash and a beep, and queues each check-in in
// IndexedDB. The queue is sent as a batch (POST /api/venues/{id}/scans/batch) with each scan's idempotency
// key and time whenever the network is there; a re-sent batch stores nothing twice.
(function () {
  'use strict';
  const root = document.getElementById('scanner');
  if (!root) { return; }
  const venueId = root.dataset.venueId;
  // data-text-pale-green → dataset.textPaleGreen: the page's localized texts.
  const text = (name) => root.dataset['text' + name.replace(/(^|-)([a-z])/g, (m, dash, c) => c.toUpperCase())] || name;
  const keyCacheName = 'pccovid.qr-keys';
  let verifiers = {};
  let syncing = false;
  let lastPayload = '';
  let lastPayloadAt = 0;

  // ---- keys -------------------------------------------------------------------------------------------
  function fromBase64(s) {
    s = s.replace(/-/g, '+').replace(/_/g, '/');
    s += '='.repeat((4 - (s.length % 4)) % 4);
    const binary = atob(s);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes;
  }

  async function loadKeys() {
    let published = null;
    try {
      const response = await fetch('/api/qr/keys', { cache: 'no-store' });
      if (response.ok) {
        published = await response.json();
        localStorage.setItem(keyCacheName, JSON.stringify(published));
      }
    } catch (e) { /* offline: the cached keys */ }
    if (!published) { published = JSON.parse(localStorage.getItem(keyCacheName) || '[]'); }
    const imported = {};
    for (const key of published) {
      try {
        imported[key.kid] = await crypto.subtle.importKey('spki', fromBase64(key.publicKeySpki),
          { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
      } catch (e) { /* a key this browser cannot use */ }
    }
    verifiers = imported;
  }

  // ---- offline verification: PCP1:<base64url body>:<kid>:<base64url P1363 signature> ---------------------
  async function verify(payload) {
    const parts = payload.trim().split(':');
    if (parts.length !== 4 || parts[0] !== 'PCP1') { return { error: 'invalid' }; }
    const key = verifiers[parts[2]];
    if (!key) { return { error: 'invalid' }; }
    let ok = false;
    let body;
    try {
      const signed = new TextEncoder().encode(parts[0] + ':' + parts[1] + ':' + parts[2]);
      ok = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, fromBase64(parts[3]), signed);
      body = new TextDecoder().decode(fromBase64(parts[1])).split('|');
    } catch (e) { return { error: 'invalid' }; }
    if (!ok || body.length !== 6) { return { error: 'invalid' }; }
    const expires = Number(body[3]) * 1000;
    if (!(expires > Date.now())) { return { error: 'expired' }; }
    return { colour: body[4], name: body[5] };
  }

  // ---- feedback ---------------------------------------------------------------------------------------
  function beep(good) {
    try {
      const audio = new (window.AudioContext || window.webkitAudioContext)();
      const oscillator = audio.createOscillator();
      oscillator.frequency.value = good ? 880 : 220;
      oscillator.connect(audio.destination);
      oscillator.start();
      oscillator.stop(audio.currentTime + 0.15);
    } catch (e) { /* no sound on this device */ }
  }

  function show(result) {
    const box = document.getElementById('scan-result');
    box.hidden = false;
    box.className = 'scan-result card ' + (result.error ? 'card-red' : 'card-' + result.colour);
    box.dataset.colour = result.error ? '' : result.colour;
    box.dataset.error = result.error || '';
    document.getElementById('scan-name').textContent = result.error ? text(result.error) : result.name;
    document.getElementById('scan-colour').textContent = result.error ? '' : text(result.colour);
    beep(!result.error);
    box.animate([{ opacity: 0.3 }, { opacity: 1 }], { duration: 300 });
  }

  // ---- the queue (IndexedDB) --------------------------------------------------------------------------
  const queue = window.PcCovidOfflineQueue.open('pccovid-venue-scanner', 'queue');
  const enqueue = (item) => queue.put(item);
  const queued = async () => (await queue.all()).filter((i) => i.venueId === venueId);
  const remove = (keys) => queue.remove(keys);

  async function refreshCounts() {
    document.getElementById('queue-count').textContent = String((await queued()).length);
    document.getElementById('network-status').textContent = navigator.onLine ? text('online') : text('offline');
  }

  async function sync() {
    if (syncing || !navigator.onLine) { await refreshCounts(); return; }
    syncing = true;
    try {
      const items = await queued();
      for (let start = 0; start < items.length; start += 100) {
        const chunk = items.slice(start, start + 100);
        const response = await fetch('/api/venues/' + venueId + '/scans/batch', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ items: chunk.map((i) => ({ qr: i.qr, scannedAt: i.scannedAt, idempotencyKey: i.idempotencyKey })) }),
        });
        if (!response.ok) { break; }
        const answer = await response.json();
        // Accepted, duplicate (already stored) and refused (never storable) items all leave the queue.
        await remove(answer.items.map((r) => chunk[r.index].idempotencyKey));
        const synced = document.getElementById('synced-count');
        synced.textContent = String(Number(synced.textContent) + answer.accepted);
      }
    } catch (e) {
      /* the network went away again: the queue waits */
    } finally {
      syncing = false;
      await refreshCounts();
    }
  }

  async function scanned(payload) {
    payload = (payload || '').trim();
    const now = Date.now();
    // The same code held in front of the camera is one scan.
    if (!payload || (payload === lastPayload && now - lastPayloadAt < 5000)) { return; }
    lastPayload = payload;
    lastPayloadAt = now;
    const result = await verify(payload);
    show(result);
    if (result.error) { return; }
    await enqueue({ idempotencyKey: window.PcCovidOfflineQueue.newKey(), venueId: venueId, qr: payload, scannedAt: new Date(now).toISOString() });
    await sync();
  }

  // ---- camera -----------------------------------------------------------------------------------------
  async function startCamera() {
    const video = document.getElementById('camera');
    const canvas = document.getElementById('frame');
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      video.srcObject = stream;
      await video.play();
    } catch (e) {
      const problem = document.getElementById('camera-problem');
      problem.textContent = text('nocamera');
      problem.hidden = false;
      video.hidden = true;
      return;
    }

    const context = canvas.getContext('2d', { willReadFrequently: true });
    const tick = () => {
      if (video.readyState === video.HAVE_ENOUGH_DATA && video.videoWidth > 0) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        const code = window.jsQR ? window.jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' }) : null;
        if (code && code.data) { scanned(code.data); }
      }
      // About five frames a second: enough for a queue at a gate, light on a cheap phone.
      setTimeout(() => requestAnimationFrame(tick), 200);
    };
    requestAnimationFrame(tick);
  }

  document.getElementById('manual').addEventListener('submit', (event) => {
    event.preventDefault();
    const field = document.getElementById('manual-qr');
    lastPayload = '';
    scanned(field.value);
    field.value = '';
  });
  window.addEventListener('online', sync);
  window.addEventListener('offline', refreshCounts);

  loadKeys().then(() => { root.dataset.ready = 'true'; sync(); startCamera(); });
})();
