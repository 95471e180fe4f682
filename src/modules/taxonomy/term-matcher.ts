/** Lowercase, accents and punctuation dropped, single spaces: how labels, synonyms and prompt words compare. */
export function normalizeLabel(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function slugify(text: string): string {
  return normalizeLabel(text).replace(/ /g, '-');
}

/** Crude English singular, enough for "sneakers" → "sneaker", "dresses" → "dress", "berries" → "berry". */
export function singular(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

function stem(phrase: string): string {
  return phrase.split(' ').map(singular).join(' ');
}

export interface MatchableTerm {
  id: string;
  label: string;
  synonyms: string[];
}

/** Looks candidates up by label or synonym, plural-insensitive. Earlier terms win on a shared synonym. */
export class TermIndex<T extends MatchableTerm> {
  private readonly byKey = new Map<string, T>();

  constructor(terms: readonly T[]) {
    for (const t of terms) {
      for (const s of [t.label, ...t.synonyms]) {
        const key = stem(normalizeLabel(s));
        if (key && !this.byKey.has(key)) this.byKey.set(key, t);
      }
    }
  }

  get size(): number {
    return this.byKey.size;
  }

  match(candidate: string): T | undefined {
    const key = stem(normalizeLabel(candidate));
    return key ? this.byKey.get(key) : undefined;
  }
}
