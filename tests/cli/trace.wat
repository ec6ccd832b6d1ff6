;; WASI calls for --trace: a write, a file made, a missing file, a bad fd,
;; bad pointers, the clocks, random bytes, a sleep, and proc_exit(3).
;; Expects a writable preopen at fd 3.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get"
    (func $time (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get"
    (func $random (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff"
    (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "hello\n")
  (data (i32.const 80) "guest err\n")
  (data (i32.const 96) "missing.txt")
  (data (i32.const 112) "made.txt")
  ;; 8: iovec, 16: count, 24: fd, 32: time, 48: random bytes,
  ;; 128: a clock subscription (48 bytes), 192: its event
  (func (export "_start")
    (i32.store (i32.const 8) (i32.const 64))
    (i32.store (i32.const 12) (i32.const 6))
    (drop (call $write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16)))
    (i32.store (i32.const 8) (i32.const 80))
    (i32.store (i32.const 12) (i32.const 10))
    (drop (call $write (i32.const 2) (i32.const 8) (i32.const 1) (i32.const 16)))
    ;; rights: fd_read (bit 1)
    (drop (call $open (i32.const 3) (i32.const 1) (i32.const 96) (i32.const 11)
      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 24)))
    ;; oflags CREAT|TRUNC, rights fd_write (bit 6), fdflags APPEND
    (drop (call $open (i32.const 3) (i32.const 0) (i32.const 112) (i32.const 8)
      (i32.const 9) (i64.const 64) (i64.const 0) (i32.const 1) (i32.const 24)))
    (drop (call $close (i32.load (i32.const 24))))
    (drop (call $close (i32.const 99)))
    (drop (call $write (i32.const 2) (i32.const 0xfffffff0) (i32.const 1) (i32.const 16)))
    (drop (call $open (i32.const 3) (i32.const 0) (i32.const 0xffffff00) (i32.const 0x1000)
      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 24)))
    (drop (call $time (i32.const 0) (i64.const 0) (i32.const 32)))
    (drop (call $time (i32.const 1) (i64.const 0) (i32.const 32)))
    (drop (call $random (i32.const 48) (i32.const 16)))
    ;; sleep 5 ms on the monotonic clock
    (i64.store (i32.const 128) (i64.const 7))
    (i32.store8 (i32.const 136) (i32.const 0))
    (i32.store (i32.const 144) (i32.const 1))
    (i64.store (i32.const 152) (i64.const 5000000))
    (drop (call $poll (i32.const 128) (i32.const 192) (i32.const 1) (i32.const 16)))
    (drop (call $time (i32.const 1) (i64.const 0) (i32.const 32)))
    (call $exit (i32.const 3)))
)
