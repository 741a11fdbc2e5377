;; bad_inputs: each exported case_* function makes ONE bad call and returns the
;; errno that call gave. A host must answer with an errno, never trap or touch
;; memory outside the guest's. Expected values are the WASI errnos named per case.
;;
;; Some cases first open a socket (a setup call). If setup fails, the case
;; returns 1000 + that errno, so a setup failure can't pass for the expected errno.
;;
;; Memory: one page (65536 bytes). Layout of the fixed data:
;;   16  iovec {buf=64, len=4}        (a good iovec)
;;   24  iovec {buf=65530, len=100}   (buffer runs past the end of memory)
;;   64  "ping"
;;   128 hints: addrinfo, 28 zero bytes (family unspec, any type)
;;   160 "80\0" (service)
;;   200 out: res pointer, 204 out: res_len, 208 out: fd, 212 out: count,
;;   216 out: ro_flags
;;   256 a pre-allocated addrinfo entry (only for the res pointer to point at)
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close"
    (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff"
    (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_open"
    (func $sock_open (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_connect"
    (func $sock_connect (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_send"
    (func $sock_send (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_recv"
    (func $sock_recv (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_getaddrinfo"
    (func $sock_getaddrinfo (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))

  (memory (export "memory") 1)
  (data (i32.const 16) "\40\00\00\00\04\00\00\00")   ;; iovec {64, 4}
  (data (i32.const 24) "\fa\ff\00\00\64\00\00\00")   ;; iovec {65530, 100}
  (data (i32.const 64) "ping")
  (data (i32.const 160) "80\00")

  (func (export "_start"))

  ;; Opens an unconnected IPv4 TCP socket at 208; returns its errno.
  (func $open_socket (result i32)
    (call $sock_open (i32.const 1) (i32.const 2) (i32.const 208)))

  ;; fd_write with the iovec array itself past the end of memory -> EFAULT (21)
  (func (export "case_fd_write_iovs_out_of_bounds") (result i32)
    (call $fd_write (i32.const 1) (i32.const 65536) (i32.const 1) (i32.const 212)))

  ;; fd_write with an iovec whose buffer runs past the end of memory -> EFAULT (21)
  (func (export "case_fd_write_buffer_past_end") (result i32)
    (call $fd_write (i32.const 1) (i32.const 24) (i32.const 1) (i32.const 212)))

  ;; fd_read on fd 999, which is not open -> EBADF (8)
  (func (export "case_fd_read_bad_fd") (result i32)
    (call $fd_read (i32.const 999) (i32.const 16) (i32.const 1) (i32.const 212)))

  ;; sock_send on stdout (fd 1), which is not a socket -> ENOTSOCK (57)
  (func (export "case_sock_send_not_socket") (result i32)
    (call $sock_send (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 0) (i32.const 212)))

  ;; sock_connect with the address pointer past the end of memory -> EFAULT (21)
  (func (export "case_sock_connect_address_out_of_bounds") (result i32)
    (local $err i32)
    (local.set $err (call $open_socket))
    (if (local.get $err) (then (return (i32.add (i32.const 1000) (local.get $err)))))
    (call $sock_connect (i32.load (i32.const 208)) (i32.const 0xfffffff0) (i32.const 80)))

  ;; sock_getaddrinfo with node_len 0x7fffffff (far past memory) -> EFAULT (21)
  (func (export "case_sock_getaddrinfo_node_len_huge") (result i32)
    (i32.store (i32.const 200) (i32.const 256))
    (call $sock_getaddrinfo
      (i32.const 64) (i32.const 0x7fffffff)   ;; node, node_len
      (i32.const 160) (i32.const 3)           ;; service "80\0"
      (i32.const 128)                         ;; hints
      (i32.const 200) (i32.const 1)           ;; res, max_len
      (i32.const 204)))                       ;; out: res_len

  ;; sock_open with address family 9 (only 1 = inet4, 2 = inet6 exist) -> EINVAL (28)
  (func (export "case_sock_open_bad_family") (result i32)
    (call $sock_open (i32.const 9) (i32.const 2) (i32.const 208)))

  ;; poll_oneoff with nsubscriptions 0 -> EINVAL (28)
  (func (export "case_poll_oneoff_no_subscriptions") (result i32)
    (call $poll_oneoff (i32.const 1024) (i32.const 2048) (i32.const 0) (i32.const 212)))

  ;; sock_recv on a socket with iovs_len 0x10000000 (over IOV_MAX 1024) -> EINVAL (28), as WasmEdge answers.
  ;; Arguments are checked before the socket's state (it is not connected).
  (func (export "case_sock_recv_iovs_len_huge") (result i32)
    (local $err i32)
    (local.set $err (call $open_socket))
    (if (local.get $err) (then (return (i32.add (i32.const 1000) (local.get $err)))))
    (call $sock_recv (i32.load (i32.const 208)) (i32.const 16) (i32.const 0x10000000)
      (i32.const 0) (i32.const 212) (i32.const 216)))

  ;; fd_close on fd 999, which is not open -> EBADF (8)
  (func (export "case_fd_close_bad_fd") (result i32)
    (call $fd_close (i32.const 999))))
