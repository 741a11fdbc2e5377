// Runs a WASI preview1 module with Node's WASI, as `./sockeye run` does: args, the process' stdio, exit code.
//   node --no-warnings bench/p10/node-wasi-run.mjs module.wasm [args...]
import { readFile } from "node:fs/promises";
import { argv, env, exit } from "node:process";
import { WASI } from "node:wasi";

const [modulePath, ...args] = argv.slice(2);
const wasi = new WASI({ version: "preview1", args: [modulePath, ...args], env, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(modulePath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
exit(wasi.start(instance));
