// The packages' build resources exist where electron-builder.yml points, and the icons are the script's drawing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { drawIcon, ICON_SIZES } from '../../scripts/make-icon.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
  directories: { buildResources: string };
  linux: { icon: string; desktop: { entry: Record<string, string> } };
};
const iconDir = join(root, config.directories.buildResources, config.linux.icon);

/** Width, height and the alpha of the top-left and centre pixels, read back from the PNG itself. */
function readPng(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const alpha = (x: number, y: number) => raw[y * (width * 4 + 1) + 1 + x * 4 + 3];
  return { width, height, corner: alpha(0, 0), centre: alpha(width >> 1, height >> 1) };
}

describe('resources/ (electron-builder buildResources)', () => {
  it('holds one icon a size, named by its real size, transparent outside the tile and opaque inside', () => {
    expect(existsSync(iconDir)).toBe(true);
    expect(
      readdirSync(iconDir)
        .filter((f) => f.endsWith('.png'))
        .sort(),
    ).toEqual(ICON_SIZES.map((s: number) => `${s}x${s}.png`).sort());
    for (const size of ICON_SIZES as number[]) {
      const png = readPng(readFileSync(join(iconDir, `${size}x${size}.png`)));
      expect(png).toEqual({ width: size, height: size, corner: 0, centre: 255 });
    }
  });

  it('icons are exactly what scripts/make-icon.mjs draws (regenerate them with it)', () => {
    for (const size of ICON_SIZES as number[]) expect(drawIcon(size).equals(readFileSync(join(iconDir, `${size}x${size}.png`)))).toBe(true);
  });

  it('gives the AppImage and the deb a desktop entry', () => {
    expect(config.linux.desktop.entry).toMatchObject({ Name: 'VirtLab', Terminal: 'false' });
    expect(config.linux.desktop.entry.Categories).toMatch(/^(\w+;)+$/);
    expect(config.linux.desktop.entry.Comment).toBeTruthy();
  });
});
