;; spin: _start never returns (for fuel/time-limit and cancellation tests).
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $forever
      br $forever)))
