;; Creates out.txt in the first preopened directory (fd 3) and writes
;; "written" to it; exits with the WASI errno when it cannot.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "out.txt")
  (data (i32.const 96) "written\n")
  (func $check (param i32)
    (if (local.get 0) (then (call $exit (local.get 0)))))
  (func (export "_start")
    ;; oflags: creat (1) | trunc (8); rights: fd_write (bit 6)
    (call $check (call $open (i32.const 3) (i32.const 0) (i32.const 64) (i32.const 7)
      (i32.const 9) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 0)))
    (i32.store (i32.const 8) (i32.const 96))
    (i32.store (i32.const 12) (i32.const 8))
    (call $check (call $write (i32.load (i32.const 0)) (i32.const 8) (i32.const 1) (i32.const 16))))
)
