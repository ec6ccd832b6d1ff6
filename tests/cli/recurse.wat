;; Unbounded recursion must end in the "call stack exhausted" trap, never
;; in a host crash.
(module
  (func $down (export "down") (param i32) (result i32)
    (i32.add (call $down (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func $loop (export "_start") (drop (call $down (i32.const 0))))
)
