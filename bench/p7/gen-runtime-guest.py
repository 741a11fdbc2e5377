#!/usr/bin/env python3
"""Writes the WAT of a synthetic WAGI guest shaped like a scripting language's runtime compiled to WASI (P7).

What a CPython or QuickJS build has, and what costs per instance: a few huge functions (the eval loop, the
parser: one giant switch each, far over the JVM's 64 KiB method limit), thousands of ordinary functions reached
through a function table, megabytes of data segments (the standard library's frozen modules, unicode tables) and a
large initial memory. Per request, _start "runs a small script": the eval functions dispatch over a bytecode string
in the data, the ordinary functions are called through the table, and the response is a WAGI (CGI) reply.

Usage: gen-runtime-guest.py OUT.wat [SCALE]    SCALE 1.0 (default) gives ~12 MB of code, 4 MiB of data
(C is not used: clang takes minutes on 10 MB of code, wat2wasm seconds)
"""
import random
import sys

out_path = sys.argv[1]
scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
HUGE = 4                                  # eval-loop functions
CASES = 256                               # opcodes per eval function
CASE_OPS = max(4, int(550 * scale))       # arithmetic steps per opcode: ~1.5 MB of code per eval function at 1.0
SMALL = max(16, int(6000 * scale))        # ordinary functions, ~1.1 KB each
DATA_SEGMENTS = max(1, int(64 * scale))   # 64 KiB each
INITIAL_PAGES = 256                       # 16 MiB: the most an invoker function may start with by default
DATA_BASE = 1 << 20                       # the data segments sit from 1 MiB
SCRIPT_STEPS = 4000                       # bytecode steps per eval function per request
SCRATCH = 0x1000                          # the ordinary functions' stores: 4 KiB from here, clear of the reply

rng = random.Random(19)
w = open(out_path, 'w')
w.write('(module\n')
w.write('  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))\n')
w.write(f'  (memory (export "memory") {INITIAL_PAGES})\n')
w.write(f'  (table {SMALL} funcref)\n')
w.write('  (global $acc (mut i32) (i32.const 0))\n')

# Ordinary functions: a loop of mixed arithmetic, loads from the data and a store, distinct constants each.
for i in range(SMALL):
    w.write(f'  (func $f{i} (param $x i32) (result i32) (local $k i32)\n')
    w.write('    (loop $again\n')
    for j in range(20):
        c = rng.randrange(1, 1 << 31)
        addr = DATA_BASE + rng.randrange(0, DATA_SEGMENTS * 65536 - 8)
        w.write(f'      (local.set $x (i32.xor (i32.mul (local.get $x) (i32.const {c | 1})) '
                f'(i32.load (i32.const {addr}))))\n')
        w.write(f'      (local.set $x (i32.add (i32.rotl (local.get $x) (i32.const {1 + (i + j) % 31})) '
                f'(i32.const {rng.randrange(0, 1 << 20)})))\n')
    w.write(f'      (i32.store (i32.const {SCRATCH + (i % 1024) * 4}) (local.get $x))\n')
    w.write('      (local.set $k (i32.add (local.get $k) (i32.const 1)))\n')
    w.write(f'      (br_if $again (i32.lt_u (local.get $k) (i32.const {2 + i % 3}))))\n')
    w.write('    (local.get $x))\n')
w.write('  (elem (i32.const 0) func ' + ' '.join(f'$f{i}' for i in range(SMALL)) + ')\n')
w.write('  (type $unary (func (param i32) (result i32)))\n')

# Huge functions: an interpreter loop, one block per opcode, each opcode a long distinct arithmetic run.
for h in range(HUGE):
    w.write(f'  (func $eval{h} (param $pc i32) (param $steps i32) (result i32) (local $a i32) (local $b i32)\n')
    w.write('    (local.set $a (local.get $pc))\n')
    w.write('    (block $done (loop $dispatch\n')
    w.write('      (br_if $done (i32.eqz (local.get $steps)))\n')
    w.write('      (local.set $steps (i32.sub (local.get $steps) (i32.const 1)))\n')
    w.write(f'      (local.set $pc (i32.and (i32.add (local.get $pc) (i32.const 1)) (i32.const {DATA_SEGMENTS * 65536 - 1})))\n')
    for c in range(CASES):
        w.write(f'      (block $op{c}\n')
    targets = ' '.join(f'$op{c}' for c in range(CASES))
    w.write(f'      (br_table {targets} (i32.load8_u (i32.add (i32.const {DATA_BASE}) (local.get $pc)))))\n')
    for c in range(CASES):
        # the code after block $opC's end is opcode C's body; it ends by going round the loop
        body = []
        for s in range(CASE_OPS):
            k = rng.randrange(1, 1 << 31)
            if s % 3 == 0:
                body.append(f'(local.set $a (i32.add (local.get $a) (i32.mul (local.get $b) (i32.const {k}))))')
            elif s % 3 == 1:
                body.append(f'(local.set $b (i32.xor (local.get $b) (i32.rotr (local.get $a) (i32.const {k % 31 + 1}))))')
            else:
                body.append(f'(local.set $a (i32.sub (local.get $a) (i32.shr_u (local.get $b) (i32.const {k % 29 + 1}))))')
        w.write('      ' + ' '.join(body) + '\n')
        w.write('      (br $dispatch))\n' if c < CASES - 1 else '      (br $dispatch)\n')
    w.write('    ))\n')
    w.write('    (i32.xor (local.get $a) (local.get $b)))\n')

# _start: the "script" (eval over the bytecode, the ordinary functions through the table), then the WAGI reply.
w.write('  (func (export "_start") (local $i i32) (local $h i32)\n')
for h in range(HUGE):
    w.write(f'    (local.set $h (i32.add (local.get $h) (call $eval{h} (i32.const {h * 4099}) (i32.const {SCRIPT_STEPS}))))\n')
w.write('    (block $end (loop $each\n')
w.write(f'      (local.set $h (call_indirect (type $unary) (local.get $h) (i32.rem_u (i32.mul (local.get $i) (i32.const 7919)) (i32.const {SMALL}))))\n')
w.write('      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n')
w.write('      (br_if $each (i32.lt_u (local.get $i) (i32.const 2000)))))\n')
# the reply: the header text is at 0x800, the 8 hex digits of $h are written after it (below SCRATCH)
header = 'Content-Type: text/plain\\0a\\0aruntime guest '
header_len = len('Content-Type: text/plain\n\nruntime guest ')
w.write('    (local.set $i (i32.const 0))\n')
w.write('    (loop $digit\n')
w.write(f'      (i32.store8 (i32.add (i32.const {0x800 + header_len + 7}) (i32.sub (i32.const 0) (local.get $i)))\n')
w.write('        (i32.load8_u (i32.add (i32.const 0x900) (i32.and (local.get $h) (i32.const 15)))))\n')
w.write('      (local.set $h (i32.shr_u (local.get $h) (i32.const 4)))\n')
w.write('      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n')
w.write('      (br_if $digit (i32.lt_u (local.get $i) (i32.const 8))))\n')
w.write(f'    (i32.store8 (i32.const {0x800 + header_len + 8}) (i32.const 10))\n')
w.write(f'    (i32.store (i32.const 0xa00) (i32.const 0x800)) (i32.store (i32.const 0xa04) (i32.const {header_len + 9}))\n')
w.write('    (drop (call $fd_write (i32.const 1) (i32.const 0xa00) (i32.const 1) (i32.const 0xa08))))\n')
w.write(f'  (data (i32.const 0x800) "{header}")\n')
w.write('  (data (i32.const 0x900) "0123456789abcdef")\n')
for s in range(DATA_SEGMENTS):
    chunk = rng.randbytes(65536)
    w.write(f'  (data (i32.const {DATA_BASE + s * 65536}) "' + ''.join(f'\\{b:02x}' for b in chunk) + '")\n')
w.write(')\n')
w.close()
