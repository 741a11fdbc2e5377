#!/usr/bin/env python3
"""Writes the text of huge_function (to the path given, or stdout): one function of 4,200 i64 load/div/store
statements, too big for one JVM method, so Chicory's compiler runs it in its interpreter. _start calls it on a
zeroed buffer and exits 0. The module stays ~60 KB; its text (~380 KB) is not committed: guests/build.sh pipes
this script into wat2wasm. Tests check that the fallback prints nothing on the terminal (engine noise)."""
import sys

STATEMENTS = 4200
lines = [
    f"    (i64.store offset={i % 50 * 8} (local.get 0)"
    f" (i64.div_s (i64.load offset={(i + 1) % 50 * 8} (local.get 0)) (i64.const {i % 7 + 1})))"
    for i in range(STATEMENTS)
]
text = "\n".join([
    "(module",
    '  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))',
    '  (memory (export "memory") 1)',
    "  (func $huge (param i32)",
    *lines,
    "  )",
    '  (func (export "_start") (call $huge (i32.const 64)) (call $proc_exit (i32.const 0))))',
    "",
])
if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as out:
        out.write(text)
else:
    sys.stdout.write(text)
