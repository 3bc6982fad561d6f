import QRCode from 'qrcode';
import zlib from 'zlib';
import { qrPng } from '../../cloudfunctions/local-cloud/qr-png';

/** The PNG's chunks, each CRC checked, and its pixels (8-bit grey, filter 0 rows). */
function decode(png: Buffer): { width: number; height: number; grey: (x: number, y: number) => number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (;;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length)).toBe(zlib.crc32(png.subarray(at + 4, at + 8 + length)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([...data.subarray(8)]).toEqual([8, 0, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
    if (type === 'IEND') break;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe((width + 1) * height);
  for (let y = 0; y < height; y++) expect(raw[y * (width + 1)]).toBe(0);
  return { width, height, grey: (x, y) => raw[y * (width + 1) + 1 + x] };
}

it.each([280, 430, 1280])('a %i px code is the matrix qrcode makes, with a light quiet zone', (width) => {
  const text = 'http://127.0.0.1:4567/#/pages/report/index?scene=K7M2Q9X';
  const png = decode(qrPng(text, { width, margin: 2, errorCorrectionLevel: 'M' }));
  expect(png).toMatchObject({ width, height: width });
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = modules.size + 4;
  const px = width / count;
  for (let my = 0; my < count; my++)
    for (let mx = 0; mx < count; mx++) {
      const inside = my >= 2 && mx >= 2 && my < count - 2 && mx < count - 2;
      const dark = inside && modules.get(my - 2, mx - 2) === 1;
      expect({ mx, my, grey: png.grey(Math.floor((mx + 0.5) * px), Math.floor((my + 0.5) * px)) }).toEqual({ mx, my, grey: dark ? 0 : 255 });
    }
});
