;; Sleeps 30 s inside one host call (poll_oneoff on a relative clock), where
;; the interrupt cannot reach it: --timeout must still end the program.
(module
  (import "wasi_snapshot_preview1" "poll_oneoff"
    (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; subscription at 0: userdata 0, tag 0 (clock), clock id 1
    ;; (monotonic) at 16, timeout in ns at 24, precision 0, flags 0.
    (i32.store (i32.const 16) (i32.const 1))
    (i64.store (i32.const 24) (i64.const 30000000000))
    (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128))))
)
