;; tls_bad_inputs: each exported case_* function makes ONE bad host TLS call and
;; returns the errno it gave (docs/guest-abi.md, "Host TLS"). Cases that open a
;; socket first return 1000 + errno if that setup fails.
;;
;; Memory: one page. 64 "api.test" (8 bytes), 80 "127.0.0.1" (9 bytes),
;; 96 "h2" (2 bytes), 200 out: fd, 204 out: length, 256 a 16-byte buffer.
(module
  (import "wasi_snapshot_preview1" "sock_open"
    (func $sock_open (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_tls_connect"
    (func $sock_tls_connect (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_tls_alpn"
    (func $sock_tls_alpn (param i32 i32 i32 i32) (result i32)))

  (memory (export "memory") 1)
  (data (i32.const 64) "api.test")
  (data (i32.const 80) "127.0.0.1")
  (data (i32.const 96) "h2")

  (func (export "_start"))

  ;; Opens an IPv4 socket of `type` (2 stream, 1 dgram) at 200; returns its errno.
  (func $open (param $type i32) (result i32)
    (call $sock_open (i32.const 1) (local.get $type) (i32.const 200)))

  ;; an unconnected TCP socket -> ENOTCONN (53)
  (func (export "case_tls_connect_not_connected") (result i32)
    (local $err i32)
    (local.set $err (call $open (i32.const 2)))
    (if (local.get $err) (then (return (i32.add (i32.const 1000) (local.get $err)))))
    (call $sock_tls_connect (i32.load (i32.const 200)) (i32.const 64) (i32.const 8) (i32.const 96) (i32.const 2)))

  ;; a UDP socket -> ENOTSUP (58)
  (func (export "case_tls_connect_udp") (result i32)
    (local $err i32)
    (local.set $err (call $open (i32.const 1)))
    (if (local.get $err) (then (return (i32.add (i32.const 1000) (local.get $err)))))
    (call $sock_tls_connect (i32.load (i32.const 200)) (i32.const 64) (i32.const 8) (i32.const 0) (i32.const 0)))

  ;; stdout (fd 1) -> ENOTSOCK (57)
  (func (export "case_tls_connect_not_socket") (result i32)
    (call $sock_tls_connect (i32.const 1) (i32.const 64) (i32.const 8) (i32.const 0) (i32.const 0)))

  ;; fd 999, not open -> EBADF (8)
  (func (export "case_tls_connect_bad_fd") (result i32)
    (call $sock_tls_connect (i32.const 999) (i32.const 64) (i32.const 8) (i32.const 0) (i32.const 0)))

  ;; a server name running past the end of memory -> EFAULT (21)
  (func (export "case_tls_connect_name_past_end") (result i32)
    (call $sock_tls_connect (i32.const 999) (i32.const 65530) (i32.const 100) (i32.const 0) (i32.const 0)))

  ;; an IP literal as the server name -> EINVAL (28)
  (func (export "case_tls_connect_name_is_an_address") (result i32)
    (call $sock_tls_connect (i32.const 1) (i32.const 80) (i32.const 9) (i32.const 0) (i32.const 0)))

  ;; a server name longer than 1024 bytes -> EINVAL (28)
  (func (export "case_tls_connect_name_too_long") (result i32)
    (call $sock_tls_connect (i32.const 1) (i32.const 0) (i32.const 2000) (i32.const 0) (i32.const 0)))

  ;; an ALPN list with an empty name ("h2," is "h2" and "") -> EINVAL (28)
  (func (export "case_tls_connect_empty_alpn_name") (result i32)
    (call $sock_tls_connect (i32.const 1) (i32.const 64) (i32.const 8) (i32.const 96) (i32.const 3)))

  ;; sock_tls_alpn on a socket that is not host TLS -> EINVAL (28)
  (func (export "case_tls_alpn_not_tls") (result i32)
    (local $err i32)
    (local.set $err (call $open (i32.const 2)))
    (if (local.get $err) (then (return (i32.add (i32.const 1000) (local.get $err)))))
    (call $sock_tls_alpn (i32.load (i32.const 200)) (i32.const 256) (i32.const 16) (i32.const 204)))

  ;; sock_tls_alpn with the length out-pointer past the end of memory -> EFAULT (21)
  (func (export "case_tls_alpn_length_past_end") (result i32)
    (call $sock_tls_alpn (i32.const 1) (i32.const 256) (i32.const 16) (i32.const 65534)))
)
