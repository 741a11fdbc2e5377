;; socket_hog: opens IPv4 TCP sockets until sock_open fails, never closing one,
;; then exits with the errno of the failing call. The number opened is left at
;; memory offset 0 (an exported global would do as well; memory is simplest to
;; read from a host test). A host with a per-instance socket limit of N must
;; answer the (N+1)th sock_open with EMFILE (33) and no host exception.
(module
  (import "wasi_snapshot_preview1" "sock_open"
    (func $sock_open (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (local $errno i32)
    (loop $open
      ;; sock_open(INET4 = 1, STREAM = 2, fd out at 8)
      (local.set $errno (call $sock_open (i32.const 1) (i32.const 2) (i32.const 8)))
      (if (i32.eqz (local.get $errno))
        (then
          (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1)))
          (br $open))))
    (call $proc_exit (local.get $errno))))
