;; A plugin by the bytes-in, bytes-out convention (docs/call-bytes.md), for
;; --call: a bump allocator, a dealloc that counts, and functions whose
;; outputs are good, empty, outside memory or of the wrong type.
(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))
  (global $freed (export "freed") (mut i32) (i32.const 0))
  (func (export "alloc") (param $n i32) (result i32)
    (local $p i32)
    global.get $next local.set $p
    global.get $next local.get $n i32.add global.set $next
    local.get $p)
  (func (export "dealloc") (param i32 i32)
    global.get $freed i32.const 1 i32.add global.set $freed)
  (func (export "echo") (param $p i32) (param $n i32) (result i64)
    local.get $p i64.extend_i32_u i64.const 32 i64.shl
    local.get $n i64.extend_i32_u i64.or)
  (func (export "hello") (param i32 i32) (result i64)
    i64.const 0x0000001000000005)
  (func (export "outside") (param i32 i32) (result i64)
    i64.const 0x0001000000000001)
  (func (export "overflow") (param i32 i32) (result i64)
    i64.const 0x00000010ffffffff)
  (func (export "wrong") (param i32) (result i32) local.get 0)
  (func (export "boom") (param i32 i32) (result i64) unreachable)
  (data (i32.const 16) "hello"))
