;; memory_secret: exits 1 if the byte at offset 1024 is not zero (something of an earlier guest is visible),
;; then writes a "secret" there and exits 0. Run twice on a host that recycles memories between instances:
;; the second run must still exit 0.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (if (i32.load8_u (i32.const 1024))
      (then (call $proc_exit (i32.const 1))))
    (i32.store8 (i32.const 1024) (i32.const 0x42))
    (call $proc_exit (i32.const 0))))
