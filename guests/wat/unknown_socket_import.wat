;; unknown_socket_import: imports two legacy WasmEdge socket calls that a host
;; may not implement, to check that such a module still links and that the
;; calls fail with ENOSYS (52) instead of trapping.
;;   sock_lookup_ip(name*, name_len, family, addr_buf*, addr_buf_max, out count*) -> errno
;;     (old asyncify-era name lookup; must NOT resolve anything behind the egress policy)
;;   sock_bind_device(fd, name*, name_len) -> errno
;; _start calls sock_lookup_ip("example.com", INET4) and exits with proc_exit(errno):
;; the expected exit code is 52. case_bind_device returns sock_bind_device's errno.
(module
  (import "wasi_snapshot_preview1" "sock_lookup_ip"
    (func $sock_lookup_ip (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_bind_device"
    (func $sock_bind_device (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit"
    (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "example.com")  ;; 11 bytes
  (data (i32.const 32) "eth0")         ;; 4 bytes
  ;; 64..127: address buffer (up to 4 IPv4 addresses); 128: result count
  (func (export "_start")
    (call $proc_exit
      (call $sock_lookup_ip
        (i32.const 16) (i32.const 11)  ;; name
        (i32.const 1)                  ;; family INET4
        (i32.const 64) (i32.const 64)  ;; address buffer and its size
        (i32.const 128))))             ;; out: how many addresses
  (func (export "case_bind_device") (result i32)
    (call $sock_bind_device (i32.const 3) (i32.const 32) (i32.const 4))))
