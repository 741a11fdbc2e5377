;; grow_memory: grows memory by 100 pages (6.25 MiB) and exits 0 if that worked, 1 if memory.grow answered
;; -1. A host that caps guest memory below 101 pages must make the grow fail inside the guest, never
;; fail the host.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit
      (i32.eq (memory.grow (i32.const 100)) (i32.const -1)))))
