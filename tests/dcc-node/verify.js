// Independent HCERT verifier used as a test oracle: shares no code with PcCovid.
// usage: node verify.js HC1_FILE TRUST_PEM_FILE EXPECTED_DCC_JSON_FILE
// Prints one JSON line {ok, errors[], kid, alg, iss, iat, exp}; exit code 0 when ok.
'use strict';
const fs = require('fs');
const crypto = require('crypto');
const zlib = require('zlib');
const cbor = require('cbor');
const base45 = require('base45');

const [hc1File, pemFile, expectedFile] = process.argv.slice(2);
const errors = [];
const out = { ok: false, errors };

function finish() {
  out.ok = errors.length === 0;
  console.log(JSON.stringify(out));
  process.exit(out.ok ? 0 : 1);
}

function canonical(v) {
  if (Array.isArray(v)) return v.map(canonical);
  if (v instanceof Map) v = Object.fromEntries(v);
  if (v && typeof v === 'object') return Object.keys(v).sort().reduce((o, k) => { o[k] = canonical(v[k]); return o; }, {});
  return v;
}

let text = fs.readFileSync(hc1File, 'utf8').trim();
if (!text.startsWith('HC1:')) { errors.push('prefix'); finish(); }
text = text.slice(4);
if (!/^[0-9A-Z $%*+\-./:]*$/.test(text)) { errors.push('base45 alphabet'); finish(); }
const compressed = Buffer.from(base45.decode(text));
if (compressed[0] !== 0x78) errors.push('zlib header');
const coseBytes = zlib.inflateSync(compressed);

let cose = cbor.decodeFirstSync(coseBytes);
while (cose instanceof cbor.Tagged) {
  if (cose.tag !== 18 && cose.tag !== 61) errors.push('unexpected tag ' + cose.tag);
  cose = cose.value;
}
if (!Array.isArray(cose) || cose.length !== 4) { errors.push('not a COSE_Sign1'); finish(); }
const [protectedBytes, unprotected, payload, signature] = cose;
const protectedMap = protectedBytes.length ? cbor.decodeFirstSync(protectedBytes) : new Map();
const header = (label) => protectedMap.get(label) ?? (unprotected instanceof Map ? unprotected.get(label) : undefined);
const alg = header(1);
const kid = header(4);
out.alg = alg;
out.kid = kid ? Buffer.from(kid).toString('base64') : null;

const tbs = cbor.encode(['Signature1', protectedBytes, Buffer.alloc(0), payload]);
const pems = fs.readFileSync(pemFile, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) || [];
const candidates = pems.map((pem) => new crypto.X509Certificate(pem))
  .filter((c) => crypto.createHash('sha256').update(c.raw).digest().subarray(0, 8).equals(Buffer.from(kid || [])));
if (candidates.length === 0) errors.push('unknown kid');
let verified = false;
for (const c of candidates) {
  const key = c.publicKey;
  if (alg === -7) {
    if (key.asymmetricKeyDetails.namedCurve !== 'prime256v1') continue;
    verified ||= crypto.verify('sha256', tbs, { key, dsaEncoding: 'ieee-p1363' }, signature);
  } else if (alg === -37) {
    verified ||= crypto.verify('sha256', tbs, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
  }
}
if (!verified) errors.push('signature');

const claims = cbor.decodeFirstSync(payload);
out.iss = claims.get(1);
out.iat = claims.get(6);
out.exp = claims.get(4);
const now = Math.floor(Date.now() / 1000);
if (!(out.iat <= now + 60 && now <= out.exp)) errors.push('time');
const hcert = claims.get(-260);
const dcc = hcert && hcert.get(1);
if (!dcc) errors.push('no hcert');
if (expectedFile) {
  const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8'));
  if (JSON.stringify(canonical(dcc)) !== JSON.stringify(canonical(expected))) errors.push('payload differs');
}
finish();
