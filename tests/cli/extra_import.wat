;; A WASI command with a function import no host provides, which it calls
;; only from the call_unused export: it runs under --trap-unknown-imports.
(module
  (import "env" "unused" (func $unused (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\10\00\00\00\04\00\00\00")
  (data (i32.const 16) "ran\0a")
  (func (export "_start")
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1)
                          (i32.const 8))))
  (func (export "call_unused") (result i32) (call $unused (i32.const 1)))
)
