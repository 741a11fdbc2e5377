;; unlinkable: two imports no WASI host can satisfy, for the "422 listing each unknown import" path:
;; fd_write with a signature preview1 does not have, and a function from a module other than
;; wasi_snapshot_preview1.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32) (result i32)))
  (import "env" "host_magic" (func $magic (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")))
