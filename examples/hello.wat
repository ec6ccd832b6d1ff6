;; hello.wat - the smallest WASI command: writes "Hello, world!" to stdout
;; with fd_write and returns from _start (exit code 0).
;; The prebuilt hello.wasm next to it is regenerated with
;;   wat2wasm examples/hello.wat -o examples/hello.wasm
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param $fd i32) (param $iovs i32) (param $iovs_len i32)
                    (param $nwritten i32) (result i32)))
  (memory (export "memory") 1)
  ;; The text at 16; one iovec {ptr, len} at 0; the byte count lands at 8.
  (data (i32.const 16) "Hello, world!\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 14))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1)
                          (i32.const 8))))
)
