#!/usr/bin/env python3
"""Writes the text of huge_function (to the path given, or stdout): one function of 4,200 i64 load/div/store
statements, too big for one JVM method, so Chicory's compiler runs it in its interpreter. _start calls it on a
zeroed buffer and exits 0. The module stays ~60 KB; its text (~380 KB) is not committed: guests/build.sh pipes
this script into wat2wasm. Tests check that the fallback prints nothing on the terminal (engine noise).
With --simd (huge_function_simd) it also has a function using SIMD, and _start exits with its result, 42: the
huge function runs interpreted, the SIMD one (rewritten without v128) and _start compiled."""
import sys

args = [arg for arg in sys.argv[1:] if arg != "--simd"]
simd = "--simd" in sys.argv[1:]

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
    *([
        "  (func $simd (param i32) (result i32)",
        "    (i32x4.extract_lane 2 (i32x4.add (i32x4.splat (local.get 0)) (v128.const i32x4 0 0 5 0))))",
        '  (func (export "_start") (call $huge (i32.const 64)) (call $proc_exit (call $simd (i32.const 37)))))',
    ] if simd else [
        '  (func (export "_start") (call $huge (i32.const 64)) (call $proc_exit (i32.const 0))))',
    ]),
    "",
])
if args:
    with open(args[0], "w") as out:
        out.write(text)
else:
    sys.stdout.write(text)
