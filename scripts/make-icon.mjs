// Draws VirtLab's app icon (bars of a native run and a virtualized one against a baseline line) as PNGs for
// electron-builder's Linux targets: resources/icons/<n>x<n>.png. Pure Node, deterministic: the same bytes every run.
// usage: node scripts/make-icon.mjs [outDir]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

export const ICON_SIZES = [16, 32, 48, 64, 128, 256, 512];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

/** RGBA8 PNG of the given pixels (row-major, 4 bytes a pixel). */
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter method variants, no interlace
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// The picture in unit coordinates (0..1): what colour a point is, or undefined outside the tile.
const BG = [24, 52, 96];
const NATIVE = [94, 201, 140];
const VIRT = [246, 178, 66];
const LINE = [236, 242, 250];
function inRoundedSquare(x, y, r) {
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}
function colourAt(x, y) {
  if (x < 0.02 || x > 0.98 || y < 0.02 || y > 0.98 || !inRoundedSquare((x - 0.02) / 0.96, (y - 0.02) / 0.96, 0.2)) return undefined;
  if (y > 0.215 && y < 0.255 && x > 0.16 && x < 0.84) return LINE; // the baseline: native's level
  if (x > 0.22 && x < 0.46 && y > 0.235 && y < 0.8) return NATIVE;
  if (x > 0.54 && x < 0.78 && y > 0.38 && y < 0.8) return VIRT;
  if (y > 0.8 && y < 0.84 && x > 0.16 && x < 0.84) return LINE; // the axis
  return BG;
}

/** One icon, each pixel averaged over 4x4 samples so edges are smooth at every size. */
export function drawIcon(size) {
  const n = 4;
  const out = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = colourAt((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) out.set([Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round((255 * a) / (n * n))], i);
    }
  }
  return encodePng(size, out);
}

export function writeIcons(dir) {
  mkdirSync(dir, { recursive: true });
  return ICON_SIZES.map((s) => {
    const file = join(dir, `${s}x${s}.png`);
    writeFileSync(file, drawIcon(s));
    return file;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? fileURLToPath(new URL('../resources/icons', import.meta.url));
  for (const f of writeIcons(dir)) console.log(f);
}
