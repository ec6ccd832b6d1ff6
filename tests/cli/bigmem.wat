;; A minimum above the --max-memory cap cannot be instantiated.
(module
  (memory (export "memory") 100)
  (func (export "_start"))
)
