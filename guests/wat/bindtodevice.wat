;; bindtodevice: SO_BINDTODEVICE (WasmEdge option 14, level 0) as WasmEdge's socket samples use it.
;; Each export opens an IPv4 TCP socket (setup: returns 1000 + errno if that fails), makes one call
;; and returns its errno. Expected, as an unprivileged Linux process sees it: reading gives an empty
;; name (errno 0, length 0), setting a device needs CAP_NET_RAW: EPERM (63).
;;
;; Memory: 16 "eth0", 64 out: fd, 128 value buffer (16 bytes, prefilled 0xff), 1100 length in/out (u32;
;; above 1 KiB, where Sockeye takes the argument as a pointer, see docs/guest-abi.md)
(module
  (import "wasi_snapshot_preview1" "sock_open" (func $sock_open (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_getsockopt"
    (func $getsockopt (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_setsockopt"
    (func $setsockopt (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "eth0")
  (data (i32.const 128) "\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff")

  (func (export "_start"))

  (func $open (result i32)
    (local $errno i32)
    (local.set $errno (call $sock_open (i32.const 1) (i32.const 2) (i32.const 64)))
    (if (result i32) (local.get $errno)
      (then (i32.add (i32.const 1000) (local.get $errno)))
      (else (i32.const 0))))

  ;; getsockopt(fd, 0, 14, 128, &len) with len = 16 at 1100 (the WasmEdge/Rust convention); the host
  ;; writes the name's length back to 1100.
  (func (export "case_get_by_pointer") (result i32)
    (local $setup i32)
    (local.set $setup (call $open))
    (if (local.get $setup) (then (return (local.get $setup))))
    (i32.store (i32.const 1100) (i32.const 16))
    (call $getsockopt (i32.load (i32.const 64)) (i32.const 0) (i32.const 14) (i32.const 128) (i32.const 1100)))

  ;; getsockopt(fd, 0, 14, 128, 16): the length by value (Go's dispatchrun/net convention).
  (func (export "case_get_by_value") (result i32)
    (local $setup i32)
    (local.set $setup (call $open))
    (if (local.get $setup) (then (return (local.get $setup))))
    (call $getsockopt (i32.load (i32.const 64)) (i32.const 0) (i32.const 14) (i32.const 128) (i32.const 16)))

  ;; setsockopt(fd, 0, 14, "eth0", 4) -> EPERM (63)
  (func (export "case_set") (result i32)
    (local $setup i32)
    (local.set $setup (call $open))
    (if (local.get $setup) (then (return (local.get $setup))))
    (call $setsockopt (i32.load (i32.const 64)) (i32.const 0) (i32.const 14) (i32.const 16) (i32.const 4)))
)
