/**
 * What an uploaded file really is, from its first bytes (its signature). The declared content
 * type and the file name are the client's word and decide nothing: a script named photo.jpg or
 * a renamed .exe is refused. Each context keeps its own list of the types it accepts.
 */

/** The types the hub recognises, with the extension a stored file gets. */
export const FILE_TYPE_EXTENSIONS = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
} as const;
export type SniffedType = keyof typeof FILE_TYPE_EXTENSIONS;

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

/** The type the bytes are, or undefined for anything the hub does not store. */
export function sniffFileType(bytes: Uint8Array): SniffedType | undefined {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  // RIFF <size> WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return undefined;
}

export type ImageType = { contentType: 'image/jpeg' | 'image/png' | 'image/webp'; extension: 'jpg' | 'png' | 'webp' };

/** A photo: JPEG, PNG or WebP as the bytes really are, or undefined. */
export function sniffImage(bytes: Uint8Array): ImageType | undefined {
  const type = sniffFileType(bytes);
  if (type === undefined || type === 'application/pdf') return undefined;
  return { contentType: type, extension: FILE_TYPE_EXTENSIONS[type] };
}
