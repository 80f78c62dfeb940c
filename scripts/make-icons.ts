/**
 * Draws the Paper Lens icon (a sheet of paper under a magnifying lens) as PNGs at 16, 32, 48, 96 and 128 px
 * into public/icon/. Pure Node (zlib), anti-aliased by 4x4 supersampling. Run: npx tsx scripts/make-icons.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 32, 48, 96, 128];
type RGBA = [number, number, number, number];

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size: number, px: (x: number, y: number) => RGBA): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  const S = 4;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < S; sy++)
        for (let sx = 0; sx < S; sx++) {
          const c = px((x + (sx + 0.5) / S) / size, (y + (sy + 0.5) / S) / size);
          r += c[0] * c[3]; g += c[1] * c[3]; b += c[2] * c[3]; a += c[3];
        }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = a ? Math.round(r / a) : 0;
      raw[o + 1] = a ? Math.round(g / a) : 0;
      raw[o + 2] = a ? Math.round(b / a) : 0;
      raw[o + 3] = Math.round((a / (S * S)) * 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PAPER: RGBA = [255, 255, 255, 1];
const EDGE: RGBA = [51, 65, 85, 1];
const LINE: RGBA = [148, 163, 184, 1];
const AMBER: RGBA = [217, 119, 6, 1];
const GLASS: RGBA = [254, 243, 199, 0.85];
const NONE: RGBA = [0, 0, 0, 0];

function icon(x: number, y: number): RGBA {
  // Lens: ring centred at (0.62, 0.6), handle to the bottom right.
  const cx = 0.6, cy = 0.58, R = 0.25, ring = 0.07;
  const d = Math.hypot(x - cx, y - cy);
  // Handle along the diagonal.
  const t = ((x - cx) + (y - cy)) / Math.SQRT2;
  const n = Math.abs((x - cx) - (y - cy)) / Math.SQRT2;
  if (t > R && t < R + 0.2 && n < 0.06) return AMBER;
  if (d < R + ring / 2 && d > R - ring / 2) return AMBER;
  const inLens = d < R - ring / 2;
  // Paper sheet with a folded corner.
  const px0 = 0.12, py0 = 0.06, px1 = 0.68, py1 = 0.9, fold = 0.14;
  const inPaper = x > px0 && x < px1 && y > py0 && y < py1 && !(x > px1 - fold && y < py0 + fold && x - (px1 - fold) > y - py0);
  const onEdge = inPaper && (x < px0 + 0.04 || x > px1 - 0.04 || y < py0 + 0.04 || y > py1 - 0.04 || (x > px1 - fold - 0.03 && y < py0 + fold + 0.03 && Math.abs(x - (px1 - fold) - (y - py0)) < 0.04));
  const textLine = inPaper && !onEdge && x > px0 + 0.1 && x < px1 - 0.1 && [0.3, 0.44, 0.58, 0.72].some((ly) => Math.abs(y - ly) < 0.035);
  if (inLens) return textLine ? AMBER : GLASS;
  if (onEdge) return EDGE;
  if (textLine) return LINE;
  if (inPaper) return PAPER;
  return NONE;
}

mkdirSync('public/icon', { recursive: true });
for (const s of SIZES) writeFileSync(`public/icon/${s}.png`, png(s, icon));
console.log(`wrote public/icon/{${SIZES.join(',')}}.png`);
