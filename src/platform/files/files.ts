import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError, defineErrors } from '../http/errors.ts';

export const FileErrors = defineErrors({
  FILE_TYPE_NOT_ALLOWED: {
    status: 415,
    id: 'Jenis berkas tidak diterima. Kirim foto JPEG atau PNG, atau dokumen PDF.',
    en: 'File type not accepted. Send a JPEG or PNG photo, or a PDF document.',
  },
  FILE_DAMAGED: {
    status: 400,
    id: 'Berkas rusak atau tidak lengkap.',
    en: 'The file is damaged or incomplete.',
  },
  FILE_TOO_LARGE: { status: 413, id: 'Berkas terlalu besar.', en: 'The file is too large.' },
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export type AllowedMediaType = 'image/jpeg' | 'image/png' | 'application/pdf';

/**
 * Decides a file's type from its bytes, never its name, and makes images safe to share:
 * re-encoding drops EXIF/GPS and any other metadata or trailing payload (after applying the
 * EXIF orientation). PDFs must start with the PDF header and end with %%EOF.
 */
export async function sanitiseUpload(bytes: Buffer): Promise<{ bytes: Buffer; mediaType: AllowedMediaType }> {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    if (!bytes.subarray(-1024).toString('latin1').includes('%%EOF'))
      throw new AppError(FileErrors.FILE_DAMAGED);
    if (hasActivePdfContent(bytes)) throw new AppError(FileErrors.FILE_TYPE_NOT_ALLOWED);
    return { bytes, mediaType: 'application/pdf' };
  }
  const isJpeg = bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const isPng = bytes.subarray(0, 8).equals(PNG_SIGNATURE);
  if (!isJpeg && !isPng) throw new AppError(FileErrors.FILE_TYPE_NOT_ALLOWED);
  // Loaded at the first image: sharp and libvips are about 13 MB an instance without uploads never needs.
  const { default: sharp } = await import('sharp');
  try {
    const image = sharp(bytes, { failOn: 'truncated', limitInputPixels: 50_000_000 }).rotate();
    const clean = isJpeg
      ? await image.jpeg({ quality: 85, mozjpeg: true }).toBuffer()
      : await image.png().toBuffer();
    return { bytes: clean, mediaType: isJpeg ? 'image/jpeg' : 'image/png' };
  } catch {
    throw new AppError(FileErrors.FILE_DAMAGED);
  }
}

/**
 * PDFs are stored as sent (they cannot be re-encoded here), so one that would run something when
 * an officer opens it is refused: JavaScript, launch and submit actions, embedded files, XFA forms,
 * rich media, and markup that makes the same bytes an HTML page. Names are compared after
 * undoing #xx escapes (/J#61vaScript). Content hidden in compressed object streams is not seen.
 */
const ACTIVE_PDF_NAMES =
  /\/(JavaScript|JS|Launch|SubmitForm|ImportData|EmbeddedFile|EmbeddedFiles|RichMedia|XFA|GoToE)\b/;
const HTML_MARKUP = /<\s*(script|html|iframe|object|embed)\b/i;

function hasActivePdfContent(bytes: Buffer): boolean {
  const text = bytes
    .toString('latin1')
    .replace(/#([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return ACTIVE_PDF_NAMES.test(text) || HTML_MARKUP.test(text);
}

/** A name safe to show and to put in Content-Disposition: no path, no control characters. */
export function displayFileName(name: string | undefined, mediaType: AllowedMediaType): string {
  const extension = { 'image/jpeg': '.jpg', 'image/png': '.png', 'application/pdf': '.pdf' }[mediaType];
  const base = path
    .basename((name ?? '').replaceAll('\\', '/'))
    .replace(/[^\p{L}\p{N} ._()-]/gu, '')
    .replace(/\.[^.]*$/, '')
    .trim()
    .slice(0, 80);
  return `${base || 'lampiran'}${extension}`;
}

/** Files under DATA_DIR/files, addressed by random keys; the database keeps what they are. */
export class FileStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error('invalid file key');
    return path.join(this.root, key.slice(0, 2), key);
  }

  async put(bytes: Buffer): Promise<{ key: string; size: number; sha256: string }> {
    const key = randomUUID();
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes, { mode: 0o600 });
    return { key, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  read(key: string): Readable {
    return createReadStream(this.pathOf(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
