import { ColorBucket, colorBucket } from './color-name';

const rgb = (hex: string): [number, number, number] => {
  const v = parseInt(hex.slice(1), 16);
  return [v >> 16, (v >> 8) & 255, v & 255];
};

// CSS named colours and what a person searching by colour would call them.
const CASES: Array<[string, ColorBucket]> = [
  ['#ff0000', 'red'], ['#8b0000', 'red'], ['#dc143c', 'red'],
  ['#ffa500', 'orange'], ['#ff7f50', 'orange'], ['#d2691e', 'orange'],
  ['#ffff00', 'yellow'], ['#ffd700', 'yellow'], ['#f0e68c', 'yellow'],
  ['#00ff00', 'green'], ['#008000', 'green'], ['#6b8e23', 'green'],
  ['#008080', 'teal'], ['#40e0d0', 'teal'], ['#00ffff', 'teal'],
  ['#0000ff', 'blue'], ['#000080', 'blue'], ['#87ceeb', 'blue'], ['#4682b4', 'blue'],
  ['#800080', 'purple'], ['#4b0082', 'purple'],
  ['#ffc0cb', 'pink'], ['#ff69b4', 'pink'], ['#ff1493', 'pink'], ['#ee82ee', 'pink'],
  ['#8b4513', 'brown'], ['#a0522d', 'brown'], ['#a52a2a', 'brown'], ['#d2b48c', 'brown'], ['#3b2a1a', 'brown'],
  ['#000000', 'black'], ['#1a1a1a', 'black'], ['#ffffff', 'white'], ['#fffff0', 'white'], ['#f5f5dc', 'white'],
  ['#808080', 'grey'], ['#c0c0c0', 'grey'], ['#708090', 'grey'],
];

describe('colorBucket', () => {
  it.each(CASES)('%s is %s', (hex, bucket) => {
    expect(colorBucket(...rgb(hex))).toBe(bucket);
  });
});
