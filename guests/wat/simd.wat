;; simd: uses one fixed-width SIMD (v128) instruction family, as guests built with -msimd128 do.
;; _start adds two i32x4 vectors and exits with lane 3 of the sum (4 + 40 = 44) via proc_exit.
;; The functions that touch a v128 run in Sockeye's SIMD interpreter, the rest compiled (docs/guest-abi.md).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit
      (i32x4.extract_lane 3
        (i32x4.add (v128.const i32x4 1 2 3 4) (v128.const i32x4 10 20 30 40))))))
