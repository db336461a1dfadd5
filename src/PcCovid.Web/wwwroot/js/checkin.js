// Check-in page: reads a venue poster's QR from the camera or a photo (jsQR, vendored in /lib/jsqr), or
// takes the typed code, and puts the check-in in the offline queue (js/app.js), which sends it at once
// when online and later otherwise.
(function () {
  'use strict';
  var form = document.getElementById('check-in-form');
  if (!form || !window.PcCovid) { return; }
  var input = document.getElementById('venue-code');
  var result = document.getElementById('check-in-result');
  var problem = document.getElementById('scan-problem');
  var english = document.documentElement.lang === 'en';

  function say(text, bad) {
    result.hidden = false;
    result.textContent = text;
    result.className = bad ? 'problem' : 'notice';
  }

  function oneLanguage(text) {
    // Server reasons are "Vietnamese / English".
    var parts = String(text || '').split(' / ');
    return parts.length === 2 ? parts[english ? 1 : 0] : text;
  }

  function isVenue(code) { return /^PCV1:\d+:[^:]+:[A-Za-z0-9_-]+$/.test(code); }

  function checkIn(code) {
    problem.hidden = true;
    var item = { venueQr: code.trim() };
    if (form.dataset.person) { item.personId = Number(form.dataset.person); }
    function answerFor(outcome, key) {
      if (!outcome) { return null; }
      for (var i = 0; i < outcome.sent.length; i++) {
        if (outcome.sent[i].idempotencyKey === key) { return outcome.body.items[i]; }
      }
      return null;
    }
    return window.PcCovid.enqueue(item).then(function (queued) {
      var key = queued.idempotencyKey;
      return window.PcCovid.flush().then(function (outcome) {
        // A send already under way did not carry this one: one more round.
        return answerFor(outcome, key) || !outcome ? outcome : window.PcCovid.flush();
      }).then(function (outcome) {
        var answer = answerFor(outcome, key);
        if (!answer) { say(form.dataset.queued, false); return; }
        if (answer && answer.status === 'refused') { say(oneLanguage(answer.reason), true); return; }
        say(answer && answer.status === 'duplicate' ? form.dataset.duplicate : form.dataset.sent, false);
        setTimeout(function () { window.location.reload(); }, 800);
      });
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (input.value.trim()) { checkIn(input.value); input.value = ''; }
  });

  function found(code) {
    if (!isVenue(code)) { problem.textContent = problem.dataset.notVenue; problem.hidden = false; return false; }
    input.value = code;
    checkIn(code);
    return true;
  }

  function decode(source, width, height) {
    var canvas = document.getElementById('scanner-canvas');
    canvas.width = width; canvas.height = height;
    var context = canvas.getContext('2d', { willReadFrequently: true });
    context.drawImage(source, 0, 0, width, height);
    var data = context.getImageData(0, 0, width, height);
    var code = window.jsQR ? window.jsQR(data.data, width, height, { inversionAttempts: 'dontInvert' }) : null;
    return code ? code.data : null;
  }

  // A photo of the poster (also the path when the camera is refused).
  document.getElementById('scan-file').addEventListener('change', function (event) {
    var file = event.target.files && event.target.files[0];
    if (!file) { return; }
    // A data: URL, not a blob: one: the content policy allows data: images only.
    var reader = new FileReader();
    reader.onload = function () {
      var image = new Image();
      image.onload = function () {
        var scale = Math.min(1, 1024 / Math.max(image.naturalWidth, image.naturalHeight));
        var code = decode(image, Math.round(image.naturalWidth * scale), Math.round(image.naturalHeight * scale));
        if (code) { found(code); } else { problem.textContent = problem.dataset.noCode; problem.hidden = false; }
      };
      image.src = reader.result;
    };
    reader.readAsDataURL(file);
    event.target.value = '';
  });

  // The live camera: a frame every 250 ms until a venue code is read.
  var stream = null, timer = null;
  var section = document.getElementById('scanner'), video = document.getElementById('scanner-video');
  function stop() {
    clearInterval(timer); timer = null;
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    section.hidden = true;
  }
  document.getElementById('scanner-stop').addEventListener('click', stop);
  document.getElementById('scan-start').addEventListener('click', function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { problem.textContent = problem.dataset.noCamera; problem.hidden = false; return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then(function (s) {
      stream = s; video.srcObject = s; section.hidden = false;
      return video.play();
    }).then(function () {
      timer = setInterval(function () {
        if (!video.videoWidth) { return; }
        var scale = Math.min(1, 640 / Math.max(video.videoWidth, video.videoHeight));
        var code = decode(video, Math.round(video.videoWidth * scale), Math.round(video.videoHeight * scale));
        if (code && isVenue(code)) { stop(); found(code); }
      }, 250);
    }).catch(function () { stop(); problem.textContent = problem.dataset.noCamera; problem.hidden = false; });
  });
})();
