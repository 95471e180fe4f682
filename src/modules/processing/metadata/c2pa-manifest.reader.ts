import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ByteSource } from './byte-range.source';
import { C2PA_WORKER_SOURCE } from './c2pa-worker.source';

export interface C2paReadOptions {
  /** Report untrusted signers as `untrusted` (true) or ignore trust (false). No trust list ships offline. */
  verifyTrust?: boolean;
  /** PEM bundle of trust anchors; with it, certificates chaining to them validate as trusted. */
  trustAnchorsPem?: string;
  /** The wasm reader needs the whole file in memory; bigger files are not validated. */
  maxFileBytes?: number;
  timeoutMs?: number;
}

export type C2paReadResult = { ok: true; store: unknown } | { ok: false; error: string };

interface Pending {
  resolve: (r: C2paReadResult) => void;
  timer: NodeJS.Timeout;
}

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function wasmPaths(): { jsPath: string; wasmPath: string } {
  const pkgDir = dirname(require.resolve('@contentauth/c2pa-wasm/package.json'));
  return { jsPath: join(pkgDir, 'pkg', 'c2pa.js'), wasmPath: join(pkgDir, 'pkg', 'c2pa_bg.wasm') };
}

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(C2PA_WORKER_SOURCE, { eval: true, workerData: wasmPaths() });
  w.on('message', (msg: { id: number; ok: boolean; json?: string; error?: string }) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    clearTimeout(p.timer);
    if (pending.size === 0) w.unref();
    if (!msg.ok) return p.resolve({ ok: false, error: msg.error ?? 'unknown error' });
    try {
      p.resolve({ ok: true, store: JSON.parse(msg.json ?? 'null') });
    } catch (err) {
      p.resolve({ ok: false, error: `bad manifest JSON: ${(err as Error).message}` });
    }
  });
  const failAll = (reason: string) => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.resolve({ ok: false, error: reason });
      pending.delete(id);
    }
    if (worker === w) worker = undefined;
  };
  w.on('error', (err) => failAll(`c2pa worker error: ${err.message}`));
  w.on('exit', (code) => failAll(`c2pa worker exited (${code})`));
  w.unref();
  worker = w;
  return w;
}

/** Reads and validates the embedded C2PA manifest store offline (remote manifests and OCSP are never fetched). */
export async function readC2paManifestStore(source: ByteSource, format: string, options: C2paReadOptions = {}): Promise<C2paReadResult> {
  const maxBytes = options.maxFileBytes ?? 512 * 1024 * 1024;
  if (source.size > maxBytes) return { ok: false, error: `file of ${source.size} bytes exceeds the ${maxBytes}-byte C2PA validation limit` };
  const verify: Record<string, unknown> = { remote_manifest_fetch: false, ocsp_fetch: false };
  if (options.verifyTrust === false) verify['verify_trust'] = false;
  const context: Record<string, unknown> = { verify };
  if (options.trustAnchorsPem) context['trust'] = { trust_anchors: options.trustAnchorsPem };

  let w: Worker;
  let file: FileMessage;
  try {
    file = fileMessage(source.input);
    w = getWorker();
  } catch (err) {
    return { ok: false, error: `c2pa worker: ${(err as Error).message}` };
  }
  const id = nextId++;
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise<C2paReadResult>((resolve) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      resolve({ ok: false, error: `C2PA validation timed out after ${timeoutMs} ms` });
      // A stuck wasm call cannot be interrupted: drop the worker, the next call starts a new one.
      if (worker === w) worker = undefined;
      void w.terminate();
    }, timeoutMs);
    pending.set(id, { resolve, timer });
    w.ref();
    w.postMessage({ id, format, context: JSON.stringify(context), ...file.message }, file.transfer);
  });
}

interface FileMessage {
  message: { filePath: string } | { bytes: Uint8Array };
  transfer: ArrayBuffer[];
}

/**
 * A path is read by the worker itself. Bytes belong to the caller (the job shares them with the
 * decoder steps), so transferring them would detach them: an exact-size copy is transferred
 * instead (posting the Buffer as is would clone its whole backing store, possibly a larger pool).
 */
function fileMessage(input: string | Buffer): FileMessage {
  if (typeof input === 'string') return { message: { filePath: input }, transfer: [] };
  const bytes = new Uint8Array(input);
  return { message: { bytes }, transfer: [bytes.buffer] };
}

/** Stops the worker (tests, graceful shutdown). */
export async function closeC2paWorker(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (w) await w.terminate();
}
