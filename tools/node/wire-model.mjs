// An independent JavaScript reading of spec/02-wire.md 2.2-2.4 and
// spec/01-profiles.md, used to check the golden vectors a third time
// (after tools/vecgen's Python model and the C reference). binary32
// arithmetic uses Math.fround: a double product or quotient of two binary32
// values, rounded once to binary32, is the correctly rounded binary32 result.

export class WireError extends Error {
  constructor(code) {
    super(code);
    this.code = code;
  }
}

const V1 = 'wzp/1';
const ALPN = new Map([['wzp/1', 'wzp/1'], ['wzp', 'upstream-aa09275']]);

const hexToBytes = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
const bytesToHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export function f32Bits(x) {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, x);
  return view.getUint32(0).toString(16).padStart(8, '0');
}

function f32FromBits(hex) {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, parseInt(hex, 16));
  return view.getFloat32(0);
}

// C roundf: halves away from zero.
function roundf(x) {
  if (!Number.isFinite(x) || Number.isInteger(x)) return x;
  return Math.sign(x) * Math.floor(Math.abs(x) + 0.5);
}

function decodeHeader(b, profile) {
  if (b.length < 12) throw new WireError('truncated');
  const version = b[0] >> 7;
  const codec = (b[0] >> 2) & 15;
  if (profile === V1 && version !== 0) throw new WireError('unsupported_version');
  if (codec > 5) throw new WireError('unknown_codec');
  const view = new DataView(b.buffer, b.byteOffset);
  return {
    version,
    is_repair: Boolean((b[0] >> 6) & 1),
    codec_id: codec,
    has_quality_report: Boolean((b[0] >> 1) & 1),
    fec_ratio_encoded: ((b[0] & 1) << 6) | (b[1] >> 2),
    seq: view.getUint16(2),
    timestamp_ms: view.getUint32(4),
    fec_block: b[8],
    fec_symbol: b[9],
    reserved: b[10],
    csrc_count: b[11],
  };
}

function encodeHeader(h, profile) {
  const v1 = profile === V1;
  if (v1 && h.version !== 0) throw new WireError('unsupported_version');
  if (h.codec_id > 5) throw new WireError('unknown_codec');
  if (v1 && (h.fec_ratio_encoded > 127 || h.reserved !== 0 || h.csrc_count !== 0)) {
    throw new WireError('field_range');
  }
  const fec = h.fec_ratio_encoded & 0x7f;
  const out = new Uint8Array(12);
  const view = new DataView(out.buffer);
  out[0] = ((h.version & 1) << 7) | (Number(h.is_repair) << 6) | (h.codec_id << 2) |
    (Number(h.has_quality_report) << 1) | (fec >> 6);
  out[1] = (fec & 0x3f) << 2;
  view.setUint16(2, h.seq);
  view.setUint32(4, h.timestamp_ms);
  out.set([h.fec_block, h.fec_symbol, h.reserved, h.csrc_count], 8);
  return out;
}

function fecRatioEncode(ratio) {
  const s = roundf(Math.fround(ratio * 63.5));
  if (Number.isNaN(s) || s <= 0) return 0;
  return s >= 127 ? 127 : s;
}

const fecRatioDecode = (e) => Math.fround((e & 0x7f) / 63.5);
const lossPercent = (p) => Math.fround(Math.fround(p / 255) * 100);

function decodeReport(b) {
  if (b.length < 4) throw new WireError('truncated');
  return {
    loss_pct: b[0], rtt_4ms: b[1], jitter_ms: b[2], bitrate_cap_kbps: b[3],
    loss_percent: f32Bits(lossPercent(b[0])), rtt_ms: b[1] * 4,
  };
}

function reportFromMeasurements(m) {
  const lost = BigInt(m.packets_lost);
  const expected = BigInt(m.packets_expected);
  if (lost > expected) throw new WireError('bad_param');
  const sat = (v) => Number(v > 255n ? 255n : v);
  return {
    loss_pct: expected === 0n ? 0 : sat((lost * 255n + expected / 2n) / expected),
    rtt_4ms: sat((BigInt(m.rtt_ms) + 2n) / 4n),
    jitter_ms: sat(BigInt(m.jitter_ms)),
    bitrate_cap_kbps: sat(BigInt(m.bitrate_cap_kbps)),
  };
}

// op name -> (args, profile) => result object; throws WireError.
export const ops = {
  'profile.from_alpn': (a) => {
    const id = new TextDecoder().decode(hexToBytes(a.alpn));
    if (!ALPN.has(id) || bytesToHex(new TextEncoder().encode(id)) !== a.alpn) {
      throw new WireError('unknown_profile');
    }
    return { profile: ALPN.get(id) };
  },
  'wire.media_header.decode': (a, p) => decodeHeader(hexToBytes(a.bytes), p),
  'wire.media_header.encode': (a, p) => ({ bytes: bytesToHex(encodeHeader(a.header, p)) }),
  'wire.fec_ratio.encode': (a) => ({ encoded: fecRatioEncode(f32FromBits(a.ratio)) }),
  'wire.fec_ratio.decode': (a) => ({ ratio: f32Bits(fecRatioDecode(a.encoded)) }),
  'wire.quality_report.decode': (a) => decodeReport(hexToBytes(a.bytes)),
  'wire.quality_report.encode': (a) => ({
    bytes: bytesToHex([a.report.loss_pct, a.report.rtt_4ms, a.report.jitter_ms,
      a.report.bitrate_cap_kbps]),
  }),
  'wire.quality_report.from_measurements': (a) => reportFromMeasurements(a),
};
