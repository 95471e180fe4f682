import { fileTypeFromBuffer } from 'file-type';
import { AssetKind } from '../assets/asset.enums';

/** What we accept, decided from the bytes (magic numbers), never from the name or the client's header. */
export const ALLOWED_MIME_TYPES: Record<string, AssetKind> = {
  'image/png': AssetKind.IMAGE,
  'image/jpeg': AssetKind.IMAGE,
  'image/webp': AssetKind.IMAGE,
  'image/gif': AssetKind.IMAGE,
  'image/avif': AssetKind.IMAGE,
  'video/mp4': AssetKind.VIDEO,
  'video/webm': AssetKind.VIDEO,
  'video/quicktime': AssetKind.VIDEO,
};

/** Bytes file-type needs to recognise every allowed format. */
export const SNIFF_BYTES = 4100;

export async function sniffMime(head: Buffer): Promise<string | null> {
  if (head.length === 0) return null;
  return (await fileTypeFromBuffer(head))?.mime ?? null;
}

export function kindOf(mime: string): AssetKind | null {
  return ALLOWED_MIME_TYPES[mime] ?? null;
}
