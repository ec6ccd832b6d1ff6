;; Prints every environ string on its own line (WASI environ_get).
(module
  (import "wasi_snapshot_preview1" "environ_sizes_get"
    (func $sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get"
    (func $get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; 0: count, 4: string bytes, 8: iovec, 16: nwritten,
  ;; 1024: pointer array, 4096: the NUL-terminated strings.
  (func (export "_start") (local $i i32) (local $n i32)
    (drop (call $sizes (i32.const 0) (i32.const 4)))
    (drop (call $get (i32.const 1024) (i32.const 4096)))
    (local.set $n (i32.load (i32.const 4)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.eqz (i32.load8_u offset=4096 (local.get $i)))
          (then (i32.store8 offset=4096 (local.get $i) (i32.const 10))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.store (i32.const 8) (i32.const 4096))
    (i32.store (i32.const 12) (local.get $n))
    (drop (call $write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16))))
)
