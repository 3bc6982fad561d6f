/**
 * A QR code as a PNG for the local stand-in of `wxacode.getUnlimited`: the matrix from `qrcode` (the well-kept
 * library), the picture encoded here as an 8-bit greyscale PNG with Node's zlib.
 *
 * Why not `QRCode.toBuffer`: its PNG path (pngjs) writes the bitmap byte by byte into Buffers, which is fast in plain
 * Node (about 40 ms for a 430 px code) but took 2.5–3 s per code inside jest's sandbox on this machine, so every
 * admin.placeCodes call in the tests took seconds. The picture is the same code, the same size.
 */
import QRCode from 'qrcode';
import zlib from 'zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** `text` as a QR code PNG `width` pixels square, with `margin` light modules around it — the quiet zone scanners need. */
export function qrPng(text: string, options: { width: number; margin: number; errorCorrectionLevel: 'L' | 'M' | 'Q' | 'H' }): Buffer {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: options.errorCorrectionLevel });
  const count = modules.size + options.margin * 2;
  const side = Math.max(count, Math.round(options.width));
  const moduleAt = (pixel: number) => Math.floor((pixel * count) / side) - options.margin;
  // One filter byte (0: none) and `side` grey bytes per row; 255 light, 0 dark.
  const raw = Buffer.alloc((side + 1) * side, 255);
  for (let y = 0; y < side; y++) {
    const row = y * (side + 1);
    raw[row] = 0;
    const my = moduleAt(y);
    if (my < 0 || my >= modules.size) continue;
    for (let x = 0; x < side; x++) {
      const mx = moduleAt(x);
      if (mx >= 0 && mx < modules.size && modules.get(my, mx)) raw[row + 1 + x] = 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  header[10] = 0; // deflate
  header[11] = 0; // adaptive filtering (each row says its filter)
  header[12] = 0; // no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
