;; snapshot0: a guest of the older WASI snapshot, module "wasi_unstable". _start prints a line (args_get,
;; fd_write) and exits with code 7 (proc_exit). Each exported case_* makes the calls whose types differ
;; from preview1 and leaves results in memory for the test to read; it returns the errno of its last call.
;;
;; Facts from WebAssembly/WASI legacy/preview0/witx/typenames.witx:
;;   whence: cur 0, end 1, set 2 (preview1: set 0, cur 1, end 2)
;;   filestat: dev u64 @0, ino u64 @8, filetype u8 @16, nlink u32 @20, size u64 @24, atim @32, mtim @40,
;;             ctim @48 = 56 bytes (preview1: nlink u64 @24, 64 bytes)
;;   subscription: userdata u64 @0, tag u8 @8, clock: identifier u64 @16, id u32 @24, timeout u64 @32,
;;             precision u64 @40, flags u16 @48 = 56 bytes (preview1: no identifier, 48 bytes);
;;             fd_read/fd_write: fd u32 @16
;;   event: userdata u64 @0, error u16 @8, type u8 @10, nbytes u64 @16, flags u16 @24 = 32 bytes (as preview1)
;;   dirent: d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20 = 24 bytes (as preview1)
;;   rights: bits 0..28 (preview1 adds sock_accept = bit 29)
;;
;; Memory (one page):
;;   16    "data.txt"            (8 bytes)
;;   32    "hello from wasi_unstable\n" (25 bytes), 64 ciovec {32, 25}
;;   200   out: fd of data.txt   208 out: new offset (u64)   216 out: count / nwritten
;;   256   args pointers         512 args buffer
;;   1024  filestat out (56 bytes), prefilled with 0xff up to 1088 so a 64-byte write shows
;;   2048  subscriptions (2 x 56)  2304 events (2 x 32)
;;   3072  fdstat out (24 bytes)   3200 out: socket fd
;;   4096  readdir buffer (1024 bytes)
(module
  (import "wasi_unstable" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_unstable" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_unstable" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_unstable" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_tell" (func $fd_tell (param i32 i32) (result i32)))
  (import "wasi_unstable" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_unstable" "path_filestat_get"
    (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_unstable" "fd_readdir" (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_unstable" "sock_open" (func $sock_open (param i32 i32 i32) (result i32)))

  (memory (export "memory") 1)
  (data (i32.const 16) "data.txt")
  (data (i32.const 32) "hello from wasi_unstable\n")
  (data (i32.const 64) "\20\00\00\00\19\00\00\00")
  (data (i32.const 1024) "\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff")
  (data (i32.const 1056) "\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff")

  (func (export "_start")
    (drop (call $args_sizes_get (i32.const 216) (i32.const 220)))
    (drop (call $args_get (i32.const 256) (i32.const 512)))
    (drop (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 216)))
    (call $proc_exit (i32.const 7)))

  ;; Opens data.txt in the preopen (fd 3) for reading and seeking; its fd goes to 200.
  (func (export "case_open") (result i32)
    (call $path_open (i32.const 3) (i32.const 1) (i32.const 16) (i32.const 8) (i32.const 0)
      (i64.const 0x1fffffff) (i64.const 0x1fffffff) (i32.const 0) (i32.const 200)))

  ;; fd_seek(fd, offset, whence) in snapshot 0's numbering; the new offset goes to 208.
  (func (export "case_seek") (param $fd i32) (param $offset i64) (param $whence i32) (result i32)
    (call $fd_seek (local.get $fd) (local.get $offset) (local.get $whence) (i32.const 208)))

  ;; fd_tell(fd); the offset goes to 208.
  (func (export "case_tell") (param $fd i32) (result i32)
    (call $fd_tell (local.get $fd) (i32.const 208)))

  ;; fd_filestat_get(fd) into 1024.
  (func (export "case_fd_filestat") (param $fd i32) (result i32)
    (call $fd_filestat_get (local.get $fd) (i32.const 1024)))

  ;; path_filestat_get(3, follow, "data.txt") into 1024.
  (func (export "case_path_filestat") (result i32)
    (call $path_filestat_get (i32.const 3) (i32.const 1) (i32.const 16) (i32.const 8) (i32.const 1024)))

  ;; Writes a clock subscription at $at: userdata, identifier 0xaaaa, clock id, timeout, precision 0, flags.
  (func $clock_subscription (param $at i32) (param $userdata i64) (param $clock i32) (param $timeout i64)
      (param $flags i32)
    (i64.store (local.get $at) (local.get $userdata))
    (i64.store offset=8 (local.get $at) (i64.const 0))            ;; tag 0 = clock, padding
    (i64.store offset=16 (local.get $at) (i64.const 0xaaaa))      ;; identifier
    (i64.store offset=24 (local.get $at) (i64.extend_i32_u (local.get $clock)))
    (i64.store offset=32 (local.get $at) (local.get $timeout))
    (i64.store offset=40 (local.get $at) (i64.const 0))           ;; precision
    (i64.store offset=48 (local.get $at) (i64.extend_i32_u (local.get $flags))))

  ;; One clock subscription (userdata 0x1111) on $clock with $timeout and $flags, then an fd_read
  ;; subscription (userdata 0x2222) on $fd if $fd >= 0. Events go to 2304, their count to 216.
  (func (export "case_poll") (param $clock i32) (param $timeout i64) (param $flags i32) (param $fd i32)
      (result i32)
    (call $clock_subscription (i32.const 2048) (i64.const 0x1111) (local.get $clock) (local.get $timeout)
      (local.get $flags))
    (if (i32.ge_s (local.get $fd) (i32.const 0))
      (then
        (i64.store (i32.const 2104) (i64.const 0x2222))
        (i64.store (i32.const 2112) (i64.const 1))                ;; tag 1 = fd_read
        (i64.store (i32.const 2120) (i64.extend_i32_u (local.get $fd)))
        (i64.store (i32.const 2128) (i64.const 0))
        (i64.store (i32.const 2136) (i64.const 0))
        (i64.store (i32.const 2144) (i64.const 0))
        (i64.store (i32.const 2152) (i64.const 0))))
    (call $poll_oneoff (i32.const 2048) (i32.const 2304)
      (select (i32.const 2) (i32.const 1) (i32.ge_s (local.get $fd) (i32.const 0)))
      (i32.const 216)))

  ;; fd_fdstat_get(fd) into 3072.
  (func (export "case_fdstat") (param $fd i32) (result i32)
    (call $fd_fdstat_get (local.get $fd) (i32.const 3072)))

  ;; Opens an IPv4 TCP socket; its fd goes to 3200.
  (func (export "case_socket") (result i32)
    (call $sock_open (i32.const 1) (i32.const 2) (i32.const 3200)))

  ;; fd_readdir(3) from cookie 0 into 4096 (1024 bytes); bytes used go to 216.
  (func (export "case_readdir") (result i32)
    (call $fd_readdir (i32.const 3) (i32.const 4096) (i32.const 1024) (i64.const 0) (i32.const 216)))
)
