/**
 * JSON.parse that keeps integers beyond 2^53 exact (as decimal strings) and accepts the
 * NaN/Infinity literals Python's json.dumps emits (ComfyUI, Fooocus write with Python).
 */
export function parseJsonLossless(text: string): unknown {
  let out = '';
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) { i++; break; } else i++;
      }
      continue;
    }
    const literal = matchNonFinite(text, i);
    if (literal) {
      out += text.slice(last, i) + 'null';
      i += literal;
      last = i;
      continue;
    }
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < n && isNumberChar(text.charCodeAt(j))) j++;
      const token = text.slice(i, j);
      if (/^-?\d{16,}$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(last, i)}"${token}"`;
        last = j;
      }
      i = j;
      continue;
    }
    i++;
  }
  return JSON.parse(out + text.slice(last));
}

/** Like parseJsonLossless but returns undefined instead of throwing. */
export function tryParseJsonLossless(text: string): unknown {
  try {
    return parseJsonLossless(text);
  } catch {
    return undefined;
  }
}

function matchNonFinite(text: string, i: number): number {
  for (const lit of ['NaN', 'Infinity', '-Infinity']) if (text.startsWith(lit, i)) return lit.length;
  return 0;
}

function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}
