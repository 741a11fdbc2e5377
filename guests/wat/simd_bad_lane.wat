;; simd_bad_lane: invalid on purpose (lane 16 of an i8x16); built with wat2wasm --no-check (guests/build.sh).
;; Sockeye must refuse it at load with one line naming the bad lane index.
(module
  (func (export "f") (param v128) (result i32) (i8x16.extract_lane_u 16 (local.get 0))))
