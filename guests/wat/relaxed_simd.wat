;; relaxed_simd: uses one relaxed SIMD instruction (i8x16.relaxed_swizzle, 0xfd 0x100), whose results may differ
;; between hosts. Sockeye does not run relaxed SIMD: the module must be refused before it runs with one line
;; naming the instruction (sockeye run: exit 2; upload: 422 unsupported-feature), never an engine stack trace.
;; Built with wat2wasm --enable-relaxed-simd (guests/build.sh).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit
      (i32x4.extract_lane 0
        (i8x16.relaxed_swizzle (v128.const i32x4 1 2 3 4) (v128.const i32x4 0 0 0 0))))))
