;; simd_mixed: scalar functions and functions that touch a v128 (compiled too, rewritten without v128, but for
;; $pong, left to Sockeye's SIMD interpreter) calling each other directly and through the table, both ways;
;; SimdSplitTest calls the exports.
;; The functions that touch a v128 are marked "simd": 10 of the 17 defined here.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (type $scalar (func (param i32) (result i32)))
  (type $vector (func (param v128) (result v128)))
  (memory (export "memory") 1)
  (global $total (mut v128) (v128.const i64x2 0 0))
  ;; slot 0: scalar, 1: simd with a scalar signature, 2: simd with a v128 signature
  (table 3 funcref)
  (elem (i32.const 0) $double $simd_sum $vec_inc)

  ;; scalar: x * 2
  (func $double (export "double") (type $scalar)
    (i32.mul (local.get 0) (i32.const 2)))

  ;; simd, scalar signature, calls compiled $double and simd $vec_inc: lanes 2x+1, 2x+2, 2x+3, 2x+4 summed = 8x + 10
  (func $simd_sum (export "simd_sum") (type $scalar)
    (local $v v128)
    (local.set $v (i32x4.splat (call $double (local.get 0))))
    (local.set $v (call $vec_inc (local.get $v)))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
      (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v)))))

  ;; simd, v128 signature: adds [1 2 3 4]
  (func $vec_inc (export "vec_inc") (type $vector)
    (i32x4.add (local.get 0) (v128.const i32x4 1 2 3 4)))

  ;; scalar -> simd -> scalar: 8x + 11
  (func (export "scalar_calls_simd") (param i32) (result i32)
    (i32.add (call $simd_sum (local.get 0)) (i32.const 1)))

  ;; scalar call_indirect into slot (0: compiled $double, 1: simd $simd_sum; 2 has another type: traps)
  (func (export "scalar_via_table") (param $x i32) (param $slot i32) (result i32)
    (call_indirect (type $scalar) (local.get $x) (local.get $slot)))

  ;; simd call_indirect with a scalar type into slot, result through a vector lane
  (func (export "simd_via_table") (param $x i32) (param $slot i32) (result i32)
    (i32x4.extract_lane 0 (i32x4.splat (call_indirect (type $scalar) (local.get $x) (local.get $slot)))))

  ;; simd call_indirect with a v128 type into slot 2: lane 3 of [10 20 30 40] + [1 2 3 4] = 44
  (func (export "simd_vector_via_table") (param $slot i32) (result i32)
    (i32x4.extract_lane 3 (call_indirect (type $vector) (v128.const i32x4 10 20 30 40) (local.get $slot))))

  ;; no SIMD instruction, but a v128 passes through its stack from one call to the next: simd as well
  (func $make (result v128) (i32x4.splat (i32.const 7)))
  (func $lane0 (param v128) (result i32) (i32x4.extract_lane 0 (local.get 0)))
  (func (export "pass_through") (result i32)
    (call $lane0 (call $vec_inc (call $make))))

  ;; simd: out-of-bounds v128.load traps, called from scalar
  (func $simd_load (param i32) (result i32)
    (i32x4.extract_lane 0 (v128.load offset=16 (local.get 0))))
  (func (export "scalar_load_via_simd") (param i32) (result i32)
    (call $simd_load (local.get 0)))

  ;; scalar division traps on zero, called from simd
  (func $divide (param i32) (result i32)
    (i32.div_u (i32.const 100) (local.get 0)))
  (func (export "simd_divide") (param i32) (result i32)
    (i32x4.extract_lane 0 (i32x4.splat (call $divide (local.get 0)))))

  ;; recursion back and forth across the boundary: ping(n) = n, each step alternating compiled and simd
  (func $ping (export "ping") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (call $pong (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
  ;; $pong also has a reference-typed local, which the rewrite for the compiler does not handle: it alone stays
  ;; in the SIMD interpreter, so the recursion crosses between compiled and interpreted code at every step
  (func $pong (param i32) (result i32)
    (local $unused externref)
    (global.set $total (i32x4.add (global.get $total) (i32x4.splat (i32.const 1))))
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (call $ping (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))

  ;; scalar _start exits with simd_sum(4) = 42
  (func (export "_start")
    (call $proc_exit (call $simd_sum (i32.const 4)))))
