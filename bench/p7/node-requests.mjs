// P7, Node's side: compiles the module once, then per request instantiates it with a fresh WASI (CGI environment,
// stdout to a file) and runs _start, as a WAGI host would. Prints one line per request.
// Usage: node --no-warnings node-requests.mjs runtime.wasm REQUESTS [WARMUP]
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WASI } from 'node:wasi';

const [file, requests, warmup = '10'] = process.argv.slice(2);
const module = await WebAssembly.compile(readFileSync(file));
const outPath = join(tmpdir(), `p7-node-${process.pid}.out`);
const env = { REQUEST_METHOD: 'GET', PATH_INFO: '/fn/runtime', QUERY_STRING: '', SERVER_PROTOCOL: 'HTTP/1.1' };
let first;

async function request() {
  const out = openSync(outPath, 'w');
  try {
    const wasi = new WASI({ version: 'preview1', args: ['runtime'], env, stdout: out, returnOnExit: true });
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    const code = wasi.start(instance);
    if (code !== 0) throw new Error(`exit ${code}`);
  } finally {
    closeSync(out);
  }
  const body = readFileSync(outPath, 'utf8').split('\n\n')[1].trim();
  if (first === undefined) first = body;
  if (body !== first) throw new Error(`different reply: ${body}`);
}

await request();
console.log(`module_bytes=${readFileSync(file).length} body=${first}`);
for (let i = 0; i < Number(warmup); i++) await request();
for (let i = 0; i < Number(requests); i++) {
  const t = process.hrtime.bigint();
  await request();
  console.log(`request_ms=${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(2)}`);
}
rmSync(outPath, { force: true });
