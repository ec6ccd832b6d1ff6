;; An unknown memory import: --trap-unknown-imports makes up functions
;; only, so this module stays unlinkable.
(module
  (import "env" "f" (func))
  (import "env" "mem" (memory 1))
  (func (export "_start"))
)
