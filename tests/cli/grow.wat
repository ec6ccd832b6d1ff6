;; memory.grow under --max-memory: returns -1 past the cap.
(module
  (memory (export "memory") 1)
  (func (export "grow") (param i32) (result i32)
    (memory.grow (local.get 0)))
  (func (export "_start"))
)
