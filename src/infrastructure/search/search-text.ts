/** Free text as the query layer hands it over: bare words plus "quoted phrases". */
export interface SearchText {
  words: string[];
  phrases: string[];
}

const WORD = /[\p{L}\p{N}]+/gu;
export const MIN_WORD = 1;
export const MAX_WORD = 40;

/** Lower-case words (letters/digits only), so nothing else can reach a tsquery or filter string. */
export function wordsOf(text: string | null | undefined): string[] {
  if (!text) return [];
  return (text.toLowerCase().match(WORD) ?? []).filter((w) => w.length >= MIN_WORD && w.length <= MAX_WORD);
}

export function splitSearchText(text: string): SearchText {
  const phrases: string[] = [];
  const rest = text.replace(/"([^"]*)"/g, (_, p: string) => {
    const ws = wordsOf(p);
    if (ws.length > 1) phrases.push(ws.join(' '));
    else if (ws.length === 1) return ` ${ws[0]} `;
    return ' ';
  });
  const words = [...new Set(wordsOf(rest))];
  return { words, phrases };
}

/** Words worth remembering in the typo-tolerance lexicon. */
export function lexiconWords(parts: (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const p of parts) for (const w of wordsOf(p)) if (w.length >= 3 && !/^\d+$/.test(w)) out.add(w);
  return [...out];
}
