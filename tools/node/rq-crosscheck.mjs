// rq-crosscheck.mjs - the npm raptorq@1.7.24 side of tools/rq-crosscheck.
//
// Prints and decodes RaptorQ symbols with RFC 6330 ESIs, hiding the package's
// quirks (shared/upstream-facts/fec.md B3):
//  - repair packets are labelled with the ISI K' + i instead of the ESI K + i;
//    we map labels to ESIs and back;
//  - T < 64 is impossible, so each T-byte source symbol is zero-padded to
//    64 bytes and only the first T bytes of each symbol are kept. RaptorQ works
//    octet position by octet position, so this gives exactly the T-byte code.
// Source data: "lcg" or "wzp", the same generators as rq_crosscheck.c.
//
// usage:
//   node rq-crosscheck.mjs vec K T ESI_FIRST COUNT [lcg|wzp]   "ESI n hex" lines
//   node rq-crosscheck.mjs vecs T EXTRA K...   per K: "BLOCK K", then vec 0..K+EXTRA-1
//   node rq-crosscheck.mjs decjobs < jobs
//       jobs: "JOB K T" line, "ESI n hex" lines, "END" line, repeated;
//       prints "JOB K T <sha256 of the K decoded source lines>" or "JOB K T none".
//   node rq-crosscheck.mjs json < jobs
//       jobs: a JSON array of {op: "encode", k, t, source: hex, esis: [..]} and
//       {op: "decode", k, t, symbols: [{esi, data: hex}]}; prints a JSON array
//       of {symbols: [hex..]}, {source: hex} or {error: "insufficient"}
//       (tools/vecgen/raptorq.py).
//   node rq-crosscheck.mjs bench K T R ITER
//       microseconds per block: encode (Encoder per block, R repairs) and decode
//       (first R source packets lost, R repairs in; Decoder per block). T >= 64.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { initSync, Encoder, Decoder } from './node_modules/raptorq/raptorq.js';

initSync(readFileSync(new URL('./node_modules/raptorq/raptorq_bg.wasm', import.meta.url)));

const MIN_T = 64; // the 1.7 defaults helper needs mtu >= 64 (Al = 8, 8 sub-symbols)

function sourceData(K, T, mode) {
  const data = new Uint8Array(K * T);
  if (mode !== 'wzp') {
    let x = 1; // x = x*1103515245 + 12345 mod 2^32; byte = (x >> 16) & 0xff
    for (let i = 0; i < K * T; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      data[i] = (x >>> 16) & 0xff;
    }
    return data;
  }
  for (let j = 0; j < K; j++) {
    const len = 20 + j, off = j * T;
    data[off] = len & 0xff;
    if (T > 1) data[off + 1] = len >> 8;
    if (T > 2) data.fill((j * 37 + 7) & 0xff, off + 2, off + Math.min(T, 2 + len));
  }
  return data;
}

// Symbol size the package runs at, and the K symbols laid out at that size.
function padded(data, K, T) {
  const Tp = Math.max(T, MIN_T);
  if (Tp === T) return { Tp, block: data };
  const block = new Uint8Array(K * Tp);
  for (let j = 0; j < K; j++) block.set(data.subarray(j * T, j * T + T), j * Tp);
  return { Tp, block };
}

// Encode and return Map ESI -> T-byte symbol for ESIs < K + repairs, and K'.
function encodeAll(K, T, data, repairs) {
  const { Tp, block } = padded(data, K, T);
  const pkts = Encoder.with_defaults(block, Tp).encode(Math.max(repairs, 1));
  const out = new Map();
  let kPrime = -1;
  for (const p of pkts) {
    if (p[0] !== 0) throw new Error('more than one source block');
    const label = (p[1] << 16) | (p[2] << 8) | p[3];
    if (label >= K && kPrime < 0) kPrime = label; // first repair label is K'
    const esi = label < K ? label : K + (label - kPrime);
    if (esi < K + repairs) out.set(esi, p.subarray(4, 4 + T));
  }
  return { symbols: out, kPrime };
}

function line(esi, sym) {
  return `ESI ${esi} ${Buffer.from(sym).toString('hex')}\n`;
}

function vecLines(K, T, esi0, n, mode) {
  const { symbols } = encodeAll(K, T, sourceData(K, T, mode), Math.max(0, esi0 + n - K));
  let s = '';
  for (let e = esi0; e < esi0 + n; e++) s += line(e, symbols.get(e));
  return s;
}

function cmdVec([K, T, esi0, n, mode]) {
  process.stdout.write(vecLines(+K, +T, +esi0, +n, mode));
}

function cmdVecs([T, extra, ...ks]) {
  for (const K of ks.map(Number))
    process.stdout.write(`BLOCK ${K}\n` + vecLines(K, +T, 0, K + +extra, 'lcg'));
}

// K' for K: the label of the first repair packet of any K-symbol block.
function kPrimeOf(K, T) {
  return encodeAll(K, T, new Uint8Array(K * T), 1).kPrime;
}

// The K source symbols (K * T bytes) decoded from [esi, T-byte symbol]
// pairs, or null when the package cannot decode them.
function decodeSymbols(K, T, received) {
  const Tp = Math.max(T, MIN_T), kPrime = kPrimeOf(K, T);
  const dec = Decoder.with_defaults(BigInt(K * Tp), Tp);
  let result;
  for (const [esi, sym] of received) {
    const label = esi < K ? esi : esi + (kPrime - K);
    const pkt = new Uint8Array(4 + Tp);
    pkt.set([0, (label >> 16) & 0xff, (label >> 8) & 0xff, label & 0xff]);
    pkt.set(sym, 4);
    result = dec.decode(pkt) ?? result;
  }
  if (!result) return null;
  const out = new Uint8Array(K * T);
  for (let k = 0; k < K; k++) out.set(result.subarray(k * Tp, k * Tp + T), k * T);
  return out;
}

function decodeJob(K, T, received) {
  const out = decodeSymbols(K, T, received);
  if (!out) return 'none';
  let s = '';
  for (let k = 0; k < K; k++) s += line(k, out.subarray(k * T, k * T + T));
  return createHash('sha256').update(s).digest('hex');
}

function cmdDecjobs() {
  const lines = readFileSync(0, 'utf8').split('\n');
  let job = null;
  for (const l of lines) {
    const w = l.split(' ');
    if (w[0] === 'JOB') job = { K: +w[1], T: +w[2], received: [] };
    else if (w[0] === 'ESI') job.received.push([+w[1], Buffer.from(w[2], 'hex')]);
    else if (w[0] === 'END') {
      process.stdout.write(`JOB ${job.K} ${job.T} ${decodeJob(job.K, job.T, job.received)}\n`);
      job = null;
    }
  }
}

// One vector job of tools/vecgen/raptorq.py, hex in and out.
function jsonJob(job) {
  const hex = (h) => Buffer.from(h, 'hex');
  if (job.op === 'encode') {
    const repairs = Math.max(0, ...job.esis.map((e) => e - job.k + 1));
    const { symbols } = encodeAll(job.k, job.t, hex(job.source), repairs);
    return { symbols: job.esis.map((e) => Buffer.from(symbols.get(e)).toString('hex')) };
  }
  const out = decodeSymbols(job.k, job.t, job.symbols.map((s) => [s.esi, hex(s.data)]));
  return out ? { source: Buffer.from(out).toString('hex') } : { error: 'insufficient' };
}

function cmdJson() {
  const jobs = JSON.parse(readFileSync(0, 'utf8'));
  process.stdout.write(JSON.stringify(jobs.map(jsonJob)) + '\n');
}

function perBlockUs(iter, fn) {
  for (let i = 0; i < Math.min(iter, 200); i++) fn(); // warm up the wasm
  const t0 = performance.now();
  for (let i = 0; i < iter; i++) fn();
  return ((performance.now() - t0) * 1000) / iter;
}

function cmdBench([K, T, R, iter]) {
  [K, T, R, iter] = [+K, +T, +R, +iter];
  const data = sourceData(K, T, 'lcg');
  let pkts;
  const enc = perBlockUs(iter, () => {
    const e = Encoder.with_defaults(data, T);
    pkts = e.encode(R);
    e.free();
  });
  const received = pkts.slice(R); // source packets R..K-1, then the R repairs
  const dec = perBlockUs(iter, () => {
    const d = Decoder.with_defaults(BigInt(K * T), T);
    let out;
    for (const p of received) out = d.decode(p) ?? out;
    if (!out) throw new Error('bench set not decodable');
    d.free();
  });
  console.log(`K=${K} T=${T} R=${R} npm encode_us=${enc.toFixed(2)} decode_us=${dec.toFixed(2)}`);
}

const [cmd, ...args] = process.argv.slice(2);
const commands = { vec: cmdVec, vecs: cmdVecs, decjobs: cmdDecjobs, json: cmdJson, bench: cmdBench };
if (!commands[cmd]) {
  console.error('usage: rq-crosscheck.mjs vec|vecs|decjobs|json|bench ... (see the header)');
  process.exit(2);
}
commands[cmd](args);
