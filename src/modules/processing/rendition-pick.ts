export interface StoredRendition {
  size: number;
  width: number;
  height: number;
  key: string;
  mime: string;
}

/** The smallest rendition at least as large as asked (never blurry), else the largest there is. */
export function pickRendition(renditions: readonly StoredRendition[] | null | undefined, size: number): StoredRendition | null {
  if (!renditions?.length) return null;
  const sorted = [...renditions].sort((a, b) => a.size - b.size);
  return sorted.find((r) => r.size >= size) ?? sorted[sorted.length - 1];
}
