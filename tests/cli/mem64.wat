;; Two memories, the second with i64 addresses (multi-memory, memory64).
(module
  (memory $low 1)
  (memory $high i64 1)
  (func (export "grow") (param i64) (result i64)
    local.get 0 memory.grow $high)
  (func (export "peek") (param i64) (result i32)
    local.get 0 i32.load8_u $high))
