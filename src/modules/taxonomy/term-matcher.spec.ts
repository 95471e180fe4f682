import { normalizeLabel, singular, slugify, TermIndex } from './term-matcher';

describe('term matcher', () => {
  it('normalises labels: case, accents, punctuation', () => {
    expect(normalizeLabel('  Crème-Brûlée!! ')).toBe('creme brulee');
    expect(slugify('Red Sneakers')).toBe('red-sneakers');
  });

  it('singularises common plurals and leaves others alone', () => {
    expect(singular('sneakers')).toBe('sneaker');
    expect(singular('dresses')).toBe('dress');
    expect(singular('berries')).toBe('berry');
    expect(singular('glass')).toBe('glass');
    expect(singular('cactus')).toBe('cactus');
  });

  it('matches labels and synonyms, plural-insensitive; unknown words do not match', () => {
    const idx = new TermIndex([
      { id: 'a', label: 'Footwear', synonyms: ['sneaker', 'Running Shoes'] },
      { id: 'b', label: 'Dog', synonyms: ['puppy'] },
    ]);
    expect(idx.match('sneakers')?.id).toBe('a');
    expect(idx.match('running shoe')?.id).toBe('a');
    expect(idx.match('FOOTWEAR')?.id).toBe('a');
    expect(idx.match('puppies')?.id).toBe('b');
    expect(idx.match('cat')).toBeUndefined();
  });
});
