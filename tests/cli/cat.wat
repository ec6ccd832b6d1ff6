;; Prints data.txt from the first preopened directory (fd 3); exits with
;; the WASI errno when it cannot.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read"
    (func $read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "data.txt")
  ;; 0: opened fd, 8: iovec, 16: byte count, 4096: file contents.
  (func $check (param i32)
    (if (local.get 0) (then (call $exit (local.get 0)))))
  (func (export "_start")
    ;; rights: fd_read (bit 1)
    (call $check (call $open (i32.const 3) (i32.const 0) (i32.const 64) (i32.const 8)
      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0)))
    (i32.store (i32.const 8) (i32.const 4096))
    (i32.store (i32.const 12) (i32.const 4096))
    (call $check (call $read (i32.load (i32.const 0)) (i32.const 8) (i32.const 1) (i32.const 16)))
    (i32.store (i32.const 12) (i32.load (i32.const 16)))
    (call $check (call $write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16))))
)
