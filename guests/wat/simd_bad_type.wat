;; simd_bad_type: invalid on purpose (i32x4.add given an i32 where a v128 belongs); built with wat2wasm
;; --no-check (guests/build.sh). Sockeye must refuse it at load with one line naming the type mismatch.
(module
  (func (export "f") (param v128) (result v128) (i32x4.add (local.get 0) (i32.const 1))))
