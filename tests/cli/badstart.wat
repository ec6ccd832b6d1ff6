;; A _start with a result is not a WASI command entry point.
(module (func (export "_start") (result i32) i32.const 3))
