;; v128 through --invoke: one hex number per vector, lane 0 lowest.
(module
  (func (export "swap") (param v128) (result v128)
    (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get 0) (local.get 0)))
)
