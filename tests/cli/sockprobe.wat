;; Exits with the WASI filetype of fd 3: with --tcplisten and no --dir it is
;; the listening socket, socket_stream (6).
(module
  (import "wasi_snapshot_preview1" "fd_fdstat_get"
    (func $fdstat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (if (call $fdstat (i32.const 3) (i32.const 0))
      (then (call $exit (i32.const 100))))
    (call $exit (i32.load8_u (i32.const 0))))
)
