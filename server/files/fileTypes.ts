/** What an uploaded file really is, read from its first bytes (never from its name or the client's word). */

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

// one home for the size limit: core's upload quota (CloudBase applies it when an upload is noted)
export { MAX_UPLOAD_BYTES } from '../../core/usecases/uploadQuota';

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

/**
 * Markup a browser would run if it ever took the file for a page: an image that also carries it is a polyglot
 * (JPEG magic + HTML), refused at upload. In real compressed image data these ASCII runs do not occur.
 */
const MARKUP_RE = /<(?:script|html|body|iframe|svg|object|embed|meta|!doctype)[\s>/]/i;

/** Whether an image's bytes also hold HTML / script markup (a polyglot file). */
export function carriesMarkup(bytes: Uint8Array): boolean {
  return MARKUP_RE.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
}

/** JPEG, PNG or WebP by magic bytes; null for anything else. */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  // RIFF....WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return 'image/webp';
  return null;
}

const DOCUMENT_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/**
 * The content type of a document to import, when its bytes fit its name: .xlsx/.docx must be zip
 * containers, .txt/.csv must be text (no NUL bytes). Null otherwise.
 */
export function sniffDocument(fileName: string, bytes: Uint8Array): string | null {
  const ext = extensionOf(fileName);
  const type = DOCUMENT_TYPES[ext];
  if (!type) return null;
  if (ext === 'xlsx' || ext === 'docx') return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) ? type : null;
  const head = bytes.subarray(0, 64 * 1024);
  return head.includes(0) ? null : type;
}

export const XLSX_TYPE = DOCUMENT_TYPES.xlsx;
export const DOCX_TYPE = DOCUMENT_TYPES.docx;
