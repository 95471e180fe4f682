import { findQualifier, QUALIFIER_NAMES, QualifierSpec } from './qualifier.registry';
import { RawToken, TokenPart, tokenizeQuery } from './query.tokenizer';
import { TimeOptions } from './relative-time';
import { emptyFilter, NormalizedFilter, SearchCriteria } from './search-filter.model';
import { SearchQueryError } from './search-query.error';
import { assertTimeZone } from './zoned-time.util';

export type ParseOptions = TimeOptions;

/** Longest accepted qualifier value; ids, slugs and model names are far shorter. */
export const MAX_VALUE_LENGTH = 200;

/** `word:` where word is ASCII letters only; `12:30`, `a_b:c` are never qualifier candidates. */
const QUALIFIER_HEAD = /^([A-Za-z]+):([\s\S]*)$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Parses the `query` argument of searchAssets: free text plus qualifiers (`status:approved`,
 * `-tag:draft`, `approved:<3h`, …) into engine-neutral criteria. Throws SearchQueryError
 * (code BAD_USER_INPUT) naming the qualifier / value / position at fault. See docs/search-syntax.md.
 */
export function parseSearchQuery(input: string, opts: ParseOptions): SearchCriteria {
  assertTimeZone(opts.timeZone ?? 'UTC');
  const filter = emptyFilter();
  const text: string[] = [];
  for (const token of tokenizeQuery(input)) {
    const head = qualifierHead(token);
    if (head) applyQualifier(head, token, filter, opts);
    else text.push(freeText(token));
  }
  return { text: text.filter((t) => t.length > 0).join(' '), filter };
}

interface QualifierHead {
  key: string;
  spec: QualifierSpec;
  valueParts: TokenPart[];
}

/** Null when the token is free text (see the candidate rule in docs/search-syntax.md). */
function qualifierHead(token: RawToken): QualifierHead | null {
  const [first, ...rest] = token.parts;
  const m = first && !first.quoted ? QUALIFIER_HEAD.exec(first.text) : null;
  if (!m) return null;
  const key = m[1].toLowerCase();
  const valueParts = [...(m[2] ? [{ text: m[2], quoted: false }] : []), ...rest];
  const spec = findQualifier(key);
  if (spec) {
    if (valueParts.length === 0) {
      throw new SearchQueryError(`Qualifier "${key}:" needs a value (no space after the colon), e.g. ${key}:value`, {
        qualifier: key,
        position: token.position,
      });
    }
    return { key, spec, valueParts };
  }
  // `note:` (nothing after the colon) and URLs (`http://…`) stay free text.
  if (valueParts.length === 0 || (!valueParts[0].quoted && valueParts[0].text.startsWith('//'))) return null;
  throw new SearchQueryError(unknownMessage(m[1]), { qualifier: key, position: token.position });
}

function unknownMessage(typed: string): string {
  const key = typed.toLowerCase();
  const limit = key.length <= 3 ? 1 : 2; // "xy:" should not suggest "by:", "ai:" and "is:"
  const close = QUALIFIER_NAMES.filter((n) => editDistance(n, key) <= limit).sort(
    (a, b) => editDistance(a, key) - editDistance(b, key),
  )[0];
  const hint = close ? ` Did you mean "${close}:"?` : '';
  return (
    `Unknown qualifier "${typed}:".${hint} Known qualifiers: ${QUALIFIER_NAMES.map((n) => `${n}:`).join(', ')}. ` +
    `To search for the text itself, quote it: "${typed}:…"`
  );
}

function applyQualifier(head: QualifierHead, token: RawToken, filter: NormalizedFilter, opts: ParseOptions): void {
  const { key, spec } = head;
  const raw = head.valueParts.map((p) => p.text).join('');
  const fail = (why: string, value: string = raw): never => {
    throw new SearchQueryError(`Bad value "${value}" for ${key}: — ${why}`, {
      qualifier: key,
      value,
      position: token.position,
    });
  };
  if (token.negated && !spec.negatable) {
    throw new SearchQueryError(`Qualifier "${key}:" cannot be negated (remove the leading "-")`, {
      qualifier: key,
      value: raw,
      position: token.position,
    });
  }
  const values = splitValues(head.valueParts);
  if (values.length > 1 && !spec.list) fail('takes a single value, not a comma-separated list');
  for (const v of values) {
    if (v.length === 0) fail('empty value (check for stray commas)');
    if (v.length > MAX_VALUE_LENGTH) fail(`longer than ${MAX_VALUE_LENGTH} characters`, v.slice(0, 40) + '…');
    if (CONTROL.test(v)) fail('contains a control character', v);
  }
  try {
    spec.apply({ name: key, values, negated: token.negated, filter, time: opts, fail });
  } catch (err) {
    // Time parsing errors do not know where the token was; add it.
    if (err instanceof SearchQueryError && err.position === undefined) {
      throw new SearchQueryError(err.message, { ...err.extensions, position: token.position });
    }
    throw err;
  }
}

/** Splits on unquoted commas: `model:"a, b",c` → ["a, b", "c"]. Values are trimmed. */
function splitValues(parts: TokenPart[]): string[] {
  const values = [''];
  for (const p of parts) {
    if (p.quoted) {
      values[values.length - 1] += p.text;
      continue;
    }
    const pieces = p.text.split(',');
    values[values.length - 1] += pieces[0];
    values.push(...pieces.slice(1));
  }
  return values.map((v) => v.trim());
}

function freeText(token: RawToken): string {
  if (token.negated) {
    const word = token.parts.map((p) => p.text).join('');
    throw new SearchQueryError(
      `Excluding free text is not supported ("-${word}" at position ${token.position}). ` +
        `Use a qualifier such as -tag:${word || 'name'}, or quote it ("-${word}") to search for the text itself`,
      { value: `-${word}`, position: token.position },
    );
  }
  // Quoted parts become phrases; stray quotes would open a phrase in the engine, so they become spaces.
  return token.parts
    .map((p) => (p.quoted ? (p.text.trim() ? `"${p.text.replace(/"/g, ' ').trim()}"` : '') : p.text.replace(/"/g, ' ')))
    .join('')
    .trim();
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}
