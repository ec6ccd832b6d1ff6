;; fib.wat - plain exports for `wexec --invoke`: no WASI, no _start.
;;   wexec --invoke fib examples/fib.wasm 20          -> 6765
;;   wexec --invoke fib_iter examples/fib.wasm 90     -> 2880067194370816120
;; Regenerate fib.wasm with  wat2wasm examples/fib.wat -o examples/fib.wasm
(module
  ;; The doubly recursive definition: a call-heavy workload.
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  ;; A loop over i64, exact up to fib(92).
  (func (export "fib_iter") (param $n i32) (result i64)
    (local $a i64) (local $b i64) (local $t i64)
    (local.set $b (i64.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $t (i64.add (local.get $a) (local.get $b)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $t))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $a))
)
