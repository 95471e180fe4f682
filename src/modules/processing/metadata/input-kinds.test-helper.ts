// Test-only: the two ways an original reaches the metadata readers (a path on disk, or its bytes
// already in memory). Specs run their cases over both and expect the same results.
import { readFileSync } from 'node:fs';

export const INPUT_KINDS = ['path', 'buffer'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

export const inputOf = (kind: InputKind, file: string): string | Buffer => (kind === 'path' ? file : readFileSync(file));
