;; A program built for the older WASI: its imports are wasi_unstable's,
;; which wexec does not provide.
(module
  (import "wasi_unstable" "proc_exit" (func (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")))
