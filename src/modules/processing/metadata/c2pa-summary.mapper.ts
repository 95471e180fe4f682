import type { C2paSummary, C2paValidation, GenerationFields } from './embedded-metadata.types';
import { isRecord, nonEmptyString } from './metadata-value.util';
import { normaliseDigitalSourceType } from './xmp-packet.parser';

const HASH_MISMATCH = /(dataHash|bmffHash|boxesHash|collectionHash|hashedURI|ingredient\.(manifest|claimSignature))\.mismatch|\.hash\.mismatch/i;
const BAD_SIGNATURE = /^(claimSignature\.(mismatch|missing|outsideValidity)|signingCredential\.(invalid|revoked|expired)|timeStamp\.mismatch)/;
const UNTRUSTED = /^(signingCredential\.untrusted|timeStamp\.untrusted|cawg\.x509\.credential\.untrusted)$/;

interface StatusEntry {
  code: string;
  explanation?: string;
  url?: string;
}

export interface C2paMapped {
  summary: C2paSummary;
  generation: GenerationFields;
  /** sha256 (hex) of ingredient assets when the manifest records one. */
  ingredientSha256: string[];
}

/** Maps the c2pa-rs Reader JSON (`reader.json()`) to our summary. */
export function mapC2paStore(store: unknown): C2paMapped | undefined {
  if (!isRecord(store) || !isRecord(store['manifests'])) return undefined;
  const label = nonEmptyString(store['active_manifest']);
  const manifest = label ? store['manifests'][label] : undefined;
  if (!isRecord(manifest)) return undefined;

  const assertions = Array.isArray(manifest['assertions']) ? manifest['assertions'].filter(isRecord) : [];
  const actions = assertions
    .filter((a) => /^c2pa\.actions(\.v\d+)?$/.test(String(a['label'])) && isRecord(a['data']))
    .flatMap((a) => (Array.isArray((a['data'] as Record<string, unknown>)['actions']) ? ((a['data'] as Record<string, unknown>)['actions'] as unknown[]) : []))
    .filter(isRecord);

  let digitalSourceType: string | undefined;
  const generation: GenerationFields = {};
  const params: Record<string, unknown> = {};
  for (const action of actions) {
    const p = isRecord(action['parameters']) ? action['parameters'] : {};
    // Standard field first; Adobe also writes it under a vendor-prefixed parameter.
    const dst = nonEmptyString(action['digitalSourceType']) ?? findSuffixed(p, 'digitalSourceType');
    if (dst && !digitalSourceType) digitalSourceType = normaliseDigitalSourceType(dst);
    const model = findSuffixed(p, 'modelId') ?? findSuffixed(p, 'model');
    if (model && !generation.model) generation.model = model;
    const version = findSuffixed(p, 'modelVersion');
    if (version) params['modelVersion'] = version;
    const details = findSuffixed(p, 'details');
    if (details) params['details'] = details;
    const agent = action['softwareAgent'];
    const agentName = isRecord(agent) ? nonEmptyString(agent['name']) : nonEmptyString(agent);
    if (agentName && !generation.tool) generation.tool = agentName;
  }

  const info = Array.isArray(manifest['claim_generator_info']) ? manifest['claim_generator_info'].filter(isRecord) : [];
  const claimGenerator = nonEmptyString(manifest['claim_generator']) ?? (info[0] ? [info[0]['name'], info[0]['version']].filter((v) => typeof v === 'string').join('/') || undefined : undefined);
  if (!generation.tool && info[0] && typeof info[0]['name'] === 'string') generation.tool = info[0]['name'];
  if (Object.keys(params).length) generation.params = params;

  const ingredientSha256: string[] = [];
  const ingredients = (Array.isArray(manifest['ingredients']) ? manifest['ingredients'].filter(isRecord) : []).map((ing) => {
    const hash = ingredientHash(ing['hash']);
    if (hash?.startsWith('sha256:')) ingredientSha256.push(hash.slice(7));
    return stripUndefined({ title: nonEmptyString(ing['title']), hash, relationship: nonEmptyString(ing['relationship']) });
  });

  const statuses = collectStatuses(store);
  const summary: C2paSummary = {
    present: true,
    ...stripUndefined({ claimGenerator, title: nonEmptyString(manifest['title']), digitalSourceType }),
    actions: actions.map((a) => String(a['action'])),
    ingredients,
    validation: classifyValidation(statuses.map((s) => s.code)),
    validationErrors: statuses.map((s) => (s.explanation ? `${s.code}: ${s.explanation}` : s.code)),
  };
  return { summary, generation, ingredientSha256 };
}

/** Precedence: hash mismatch > bad signature > other failures (error) > untrusted > valid. */
export function classifyValidation(failureCodes: string[]): C2paValidation {
  if (failureCodes.some((c) => HASH_MISMATCH.test(c))) return 'hash_mismatch';
  if (failureCodes.some((c) => BAD_SIGNATURE.test(c))) return 'invalid_signature';
  if (failureCodes.some((c) => !UNTRUSTED.test(c))) return 'error';
  if (failureCodes.length) return 'untrusted';
  return 'valid';
}

/** Failure codes of the active manifest and its ingredients (validation_status holds only failures). */
function collectStatuses(store: Record<string, unknown>): StatusEntry[] {
  const seen = new Set<string>();
  const out: StatusEntry[] = [];
  const add = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const s of list) {
      if (!isRecord(s) || typeof s['code'] !== 'string') continue;
      const key = `${s['code']}|${s['url'] ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ code: s['code'], explanation: nonEmptyString(s['explanation']), url: nonEmptyString(s['url']) });
    }
  };
  add(store['validation_status']);
  const results = store['validation_results'];
  if (isRecord(results)) {
    if (isRecord(results['activeManifest'])) add(results['activeManifest']['failure']);
    if (Array.isArray(results['ingredientDeltas'])) {
      for (const d of results['ingredientDeltas']) if (isRecord(d) && isRecord(d['validationDeltas'])) add(d['validationDeltas']['failure']);
    }
  }
  return out;
}

function findSuffixed(params: Record<string, unknown>, suffix: string): string | undefined {
  const lower = suffix.toLowerCase();
  for (const [k, v] of Object.entries(params)) {
    const key = k.toLowerCase();
    if ((key === lower || key.endsWith(`.${lower}`)) && typeof v === 'string' && v.trim()) return v;
  }
  return undefined;
}

/** Ingredient `hash` is optional in C2PA; normalise base64/hex SHA-256 to "sha256:<hex>". */
function ingredientHash(value: unknown): string | undefined {
  const s = nonEmptyString(value);
  if (!s) return undefined;
  const clean = s.replace(/^b64'|'$/g, '');
  if (/^[0-9a-f]{64}$/i.test(clean)) return `sha256:${clean.toLowerCase()}`;
  const bytes = /^[A-Za-z0-9+/=_-]+$/.test(clean) ? Buffer.from(clean, 'base64') : undefined;
  if (bytes && bytes.length === 32) return `sha256:${bytes.toString('hex')}`;
  return s;
}

function stripUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
