/**
 * Source of the worker thread that runs @contentauth/c2pa-wasm. The package is ESM-only and
 * Jest's CommonJS loader cannot require it, so it is imported natively inside a worker
 * (eval'd source, no .js file needed at runtime); this also keeps the 9 MB wasm heap and the
 * hashing CPU off the main thread. Requests are handled one at a time to bound memory; a request
 * carries the file's path (read here) or a copy of its bytes.
 */
export const C2PA_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { readFile } = require('node:fs/promises');
const { readFileSync } = require('node:fs');
const { pathToFileURL } = require('node:url');
let lib;
function load() {
  if (!lib) {
    lib = import(pathToFileURL(workerData.jsPath).href).then((m) => {
      m.initSync({ module: readFileSync(workerData.wasmPath) });
      return m;
    });
  }
  return lib;
}
let queue = Promise.resolve();
parentPort.on('message', (msg) => {
  queue = queue.then(async () => {
    let reader;
    try {
      const m = await load();
      const bytes = msg.bytes || (await readFile(msg.filePath));
      reader = await m.WasmReader.fromBytes(msg.format, bytes, msg.context);
      parentPort.postMessage({ id: msg.id, ok: true, json: reader.json() });
    } catch (e) {
      parentPort.postMessage({ id: msg.id, ok: false, error: String((e && e.message) || e) });
    } finally {
      try { if (reader) reader.free(); } catch (_) {}
    }
  });
});
`;
