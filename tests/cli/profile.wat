;; For --profile: _start runs $run, which calls $cold 1000 times and then
;; $hot, a loop of 20 million iterations, where the time goes; it then
;; writes "done" and exits with 3. The export "trap" runs $run and traps.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "done\n")
  (func $cold (param i32) (result i32) local.get 0 i32.const 7 i32.mul)
  (func $hot (param i32) (result i32) (local i32)
    loop
      local.get 1 local.get 0 i32.add local.set 1
      local.get 0 i32.const 1 i32.sub local.tee 0
      br_if 0
    end
    local.get 1)
  (func $run (result i32) (local i32 i32)
    block loop
      local.get 0 i32.const 1000 i32.eq br_if 1
      local.get 1 local.get 0 call $cold i32.add local.set 1
      local.get 0 i32.const 1 i32.add local.set 0
      br 0
    end end
    local.get 1 i32.const 20000000 call $hot i32.add)
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 5))
    (drop (call $run))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $exit (i32.const 3)))
  (func (export "trap")
    (drop (call $run))
    unreachable))
