import { jsonbSafe } from './json-safe';

it('drops NUL characters from strings and keys, deeply, keeping everything else', () => {
  expect(jsonbSafe({ 'a\u0000': ['x\u0000y', 1, null, { b: 'c\u0000' }], n: 2 })).toEqual({ a: ['xy', 1, null, { b: 'c' }], n: 2 });
});
