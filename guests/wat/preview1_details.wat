;; preview1_details: the preview1 details a conformance run found (issue 15, section 6). Each export
;; makes its calls on the preopen (fd 3, holding f.txt and sub/nested/file) and returns the errno of
;; the call under test; a failed setup call returns 1000 + its errno.
;;
;; Memory: 16 "f.txt" (5), 32 "link/" (5), 48 "sub/nested/../../../sub/nested/file" (35), 200 out: fd,
;;   304 fdstat out (24 bytes: rights base @312, inheriting @320)
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights"
    (func $fd_fdstat_set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_set_times"
    (func $fd_filestat_set_times (param i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_link"
    (func $path_link (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "f.txt")
  (data (i32.const 32) "link/")
  (data (i32.const 48) "sub/nested/../../../sub/nested/file")

  (func (export "_start"))

  (func $setup (param $errno i32) (result i32)
    (if (result i32) (local.get $errno)
      (then (i32.add (i32.const 1000) (local.get $errno)))
      (else (i32.const 0))))

  ;; Drops PATH_FILESTAT_SET_SIZE (bit 19) from fd 3's rights, then path_open(3, "f.txt", O_TRUNC) for
  ;; writing: expected NOTCAPABLE (76), and f.txt keeps its bytes.
  (func (export "case_trunc_without_right") (result i32)
    (local $s i32)
    (local.set $s (call $setup (call $fd_fdstat_get (i32.const 3) (i32.const 304))))
    (if (local.get $s) (then (return (local.get $s))))
    (local.set $s (call $setup (call $fd_fdstat_set_rights (i32.const 3)
      (i64.and (i64.load (i32.const 312)) (i64.xor (i64.const -1) (i64.const 0x80000)))
      (i64.load (i32.const 320)))))
    (if (local.get $s) (then (return (local.get $s))))
    (call $path_open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 5) (i32.const 8)
      (i64.const 0x40) (i64.const 0) (i32.const 0) (i32.const 200)))

  ;; path_open(3, "sub/nested/../../../sub/nested/file"): climbs above the preopen: expected PERM (63).
  (func (export "case_climb_above_preopen") (result i32)
    (call $path_open (i32.const 3) (i32.const 0) (i32.const 48) (i32.const 35) (i32.const 0)
      (i64.const 0x2) (i64.const 0) (i32.const 0) (i32.const 200)))

  ;; Opens f.txt with rights lacking FD_FILESTAT_SET_TIMES (only FD_READ), then fd_filestat_set_times
  ;; with MTIM|MTIM_NOW (4|8): expected INVAL (28), the flags being checked before the rights.
  (func (export "case_set_times_both_mtim") (result i32)
    (local $s i32)
    (local.set $s (call $setup (call $path_open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 5)
      (i32.const 0) (i64.const 0x2) (i64.const 0) (i32.const 0) (i32.const 200))))
    (if (local.get $s) (then (return (local.get $s))))
    (call $fd_filestat_set_times (i32.load (i32.const 200)) (i64.const 0) (i64.const 0) (i32.const 12)))

  ;; The same with ATIM|ATIM_NOW (1|2): expected INVAL (28).
  (func (export "case_set_times_both_atim") (result i32)
    (local $s i32)
    (local.set $s (call $setup (call $path_open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 5)
      (i32.const 0) (i64.const 0x2) (i64.const 0) (i32.const 0) (i32.const 200))))
    (if (local.get $s) (then (return (local.get $s))))
    (call $fd_filestat_set_times (i32.load (i32.const 200)) (i64.const 0) (i64.const 0) (i32.const 3)))

  ;; path_link(3, "f.txt", 3, "link/"): a new name with a trailing slash: expected NOENT (44).
  (func (export "case_link_trailing_slash") (result i32)
    (call $path_link (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 5)
      (i32.const 3) (i32.const 32) (i32.const 5)))
)
