import { decodeUserComment } from './user-comment.decoder';

function utf16(text: string, bigEndian: boolean): Buffer {
  const le = Buffer.from(text, 'utf16le');
  if (bigEndian) le.swap16();
  return le;
}

describe('decodeUserComment', () => {
  const text = 'photo of a duck\nNegative prompt: monochrome\nSteps: 15, Seed: 1 — ünïcode';
  it('decodes UNICODE big-endian (what A1111 writes) and little-endian', () => {
    expect(decodeUserComment(Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), utf16(text, true)]))).toBe(text);
    expect(decodeUserComment(Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), utf16(text, false)]))).toBe(text);
  });
  it('honours a BOM and decodes ASCII / undefined charset', () => {
    expect(decodeUserComment(Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), Buffer.from([0xff, 0xfe]), utf16('ab', false)]))).toBe('ab');
    expect(decodeUserComment(Buffer.concat([Buffer.from('ASCII\0\0\0', 'latin1'), Buffer.from('hi\0\0')]))).toBe('hi');
    expect(decodeUserComment(Buffer.concat([Buffer.alloc(8), Buffer.from('plain')]))).toBe('plain');
  });
  it('returns undefined for empty or non-binary values', () => {
    expect(decodeUserComment(Buffer.concat([Buffer.from('ASCII\0\0\0', 'latin1'), Buffer.alloc(10)]))).toBeUndefined();
    expect(decodeUserComment(42)).toBeUndefined();
  });
});
