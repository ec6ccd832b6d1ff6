;; proc_exit imported with the wrong type, then a function nothing
;; provides: the first is what fails, and --trap-unknown-imports would not
;; help with it.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func (param i64)))
  (import "env" "unused" (func))
  (func (export "_start")))
