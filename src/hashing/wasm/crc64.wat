;; CRC-64/XZ (reflected polynomial 0xC96C5795D7870F42, init and xorout all ones), the CRC that
;; Alibaba PDS (crc64_hash) and Tencent SMH (crc64) call "CRC64-ECMA182" (see shared/PROVIDERS.md,
;; "Content hashes").
;;
;; Integer operations only (WebAssembly 1.0, no SIMD): table-driven slicing-by-8, run as several
;; independent lanes interleaved in one loop, so the CPU overlaps their dependency chains; the
;; lanes are merged with the combine operator, as zlib's crc32_combine does:
;;   crc(A || B) = crc(A) * x^(8 |B|) mod P  xor  crc(B)   (registers, lane B started from 0).
;; Lane lengths are powers of two, so x^(8 |B|) is an entry of the x^(2^k) table: one carry-less
;; multiply per merge, no exponentiation.
;;
;; Long inputs (>= 64 KiB) run as four lanes of a fixed 16 KiB, all addressed from one pointer
;; (lane i at offset=16384*i), so no lane costs a pointer register; the rest (< 64 KiB) as two
;; lanes of the largest power of two that fits, then one lane, then bytes. What decided the shape
;; (V8 11 / Node 20, AMD EPYC, interleaved A/B in one process, 300 rounds of 4 MiB):
;; - TurboFan keeps wasm loads in program order but floats the pure xors to the end of the loop
;;   body, so with two lanes all 16 table entries were live at once and V8 spilled a third of
;;   the loop to the stack. An i64.store of each lane's CRC (to an unused scratch word) before the
;;   next lane's loads pins its xor tree there: live values stay within the registers. That store
;;   is worth +10%, and then four lanes beat two (+12% more; three +10%, six or eight less).
;; - Byte indices straight from the i64 (i64.shr_u, wrap, and 0x7f8) save the lo/hi split: +3%.
;; - Slicing-by-16 (32 KiB of tables), with or without i32.load8_u for the second 8 bytes, and
;;   unrolling the lane loop twice, measured slower or no better.
;; Together +22-25% over two variable-offset lanes (the previous kernel).
;;
;; Built by scripts/build-wasm.ts (wabt from npm) into crc64-wasm-bytes.ts; do not edit that file.
;;
;; Memory layout (page 0 is bookkeeping, the rest is the input buffer the host copies into):
;;   0x0000 .. 0x4000   T0 .. T7, 256 little-endian u64 each; Tk[b] = CRC effect of byte b
;;                      followed by k zero bytes (T0 is the classic byte table)
;;   0x4000 .. 0x4200   X[k] = x^(2^k) mod P, k = 0 .. 63 (reflected bit order: bit 63 is x^0)
;;   0x4200 .. 0x4208   state: the CRC so far (after xorout), read and written by update
;;   0x4208 .. 0x4220   scratch: lanes 0 .. 2 store their CRC here each step (never read; see above)
;;   0x10000 ..         input buffer (pages 1 .. 4, 256 KiB)
(module
  (memory (export "memory") 5)

  (global $POLY i64 (i64.const 0xC96C5795D7870F42))
  (global (export "stateOffset") i32 (i32.const 0x4200))
  (global (export "bufferOffset") i32 (i32.const 0x10000))
  (global (export "bufferSize") i32 (i32.const 0x40000))

  ;; a * b mod P in the reflected representation (zlib's multmodp), without branches: the bits
  ;; of a are data, so a branch per bit would mispredict about half the time.
  (func $multmodp (param $a i64) (param $b i64) (result i64)
    (local $p i64)
    (local $i i32)
    (local.set $i (i32.const 64))
    (loop $bits
      ;; p ^= b where the x^0 .. x^63 coefficient of a (bit 63 down to bit 0) is set
      (local.set $p
        (i64.xor (local.get $p) (i64.and (local.get $b) (i64.shr_s (local.get $a) (i64.const 63)))))
      (local.set $a (i64.shl (local.get $a) (i64.const 1)))
      ;; b = b * x: shift, and reduce by P when the x^63 coefficient (bit 0) falls out
      (local.set $b
        (i64.xor
          (i64.shr_u (local.get $b) (i64.const 1))
          (i64.and (global.get $POLY) (i64.sub (i64.const 0) (i64.and (local.get $b) (i64.const 1))))))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br_if $bits (local.get $i)))
    (local.get $p))

  ;; Fills the tables. Call once after instantiation.
  (func (export "init")
    (local $i i32)
    (local $k i32)
    (local $c i64)
    (local $p i64)
    ;; T0
    (loop $t0
      (local.set $c (i64.extend_i32_u (local.get $i)))
      (local.set $k (i32.const 8))
      (loop $bit
        (local.set $c
          (i64.xor
            (i64.shr_u (local.get $c) (i64.const 1))
            (i64.and (global.get $POLY) (i64.sub (i64.const 0) (i64.and (local.get $c) (i64.const 1))))))
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (br_if $bit (local.get $k)))
      (i64.store (i32.shl (local.get $i) (i32.const 3)) (local.get $c))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $t0 (i32.lt_u (local.get $i) (i32.const 256))))
    ;; T1 .. T7, entry by entry: Tk[b] = (Tk-1[b] >> 8) ^ T0[Tk-1[b] & 0xff]
    (local.set $i (i32.const 2048))
    (loop $tk
      (local.set $c (i64.load (i32.sub (local.get $i) (i32.const 2048))))
      (i64.store (local.get $i)
        (i64.xor
          (i64.shr_u (local.get $c) (i64.const 8))
          (i64.load (i32.shl (i32.and (i32.wrap_i64 (local.get $c)) (i32.const 0xff)) (i32.const 3)))))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $tk (i32.lt_u (local.get $i) (i32.const 0x4000))))
    ;; X[0] = x^1, X[k] = X[k-1]^2
    (local.set $p (i64.const 0x4000000000000000))
    (i64.store (i32.const 0x4000) (local.get $p))
    (local.set $i (i32.const 0x4008))
    (loop $x2n
      (local.set $p (call $multmodp (local.get $p) (local.get $p)))
      (i64.store (local.get $i) (local.get $p))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br_if $x2n (i32.lt_u (local.get $i) (i32.const 0x4200)))))

  ;; Advances the CRC stored at stateOffset over len bytes at ptr.
  (func (export "update") (param $ptr i32) (param $len i32)
    (local $crc i64)
    (local $crcA i64)
    (local $crcB i64)
    (local $x i64)
    (local $a i32)
    (local $b i32)
    (local $end i32)
    (local $lane i32)
    (local $log i32)
    (local $aLo i32)
    (local $aHi i32)
    (local $bLo i32)
    (local $bHi i32)
    (local $p i32)
    (local $q i32)
    (local $qEnd i32)
    (local $c0 i64)
    (local $c1 i64)
    (local $c2 i64)
    (local $c3 i64)
    (local.set $crc (i64.xor (i64.load (i32.const 0x4200)) (i64.const -1)))

    ;; Four lanes of 16 KiB while at least 64 KiB remain; merged with X[17] = x^(8 * 16384).
    (block $fourDone
      (loop $four
        (br_if $fourDone (i32.lt_u (local.get $len) (i32.const 0x10000)))
        (local.set $q (local.get $ptr))
        (local.set $qEnd (i32.add (local.get $ptr) (i32.const 0x4000)))
        (local.set $c0 (local.get $crc))
        (local.set $c1 (i64.const 0))
        (local.set $c2 (i64.const 0))
        (local.set $c3 (i64.const 0))
        (loop $step
          ;; lane 0: bytes 0 .. 16383 of the round, continuing the CRC so far
          (local.set $x (i64.xor (local.get $c0) (i64.load offset=0 (local.get $q))))
          (local.set $c0
            (i64.xor
              (i64.xor
                (i64.xor (i64.load offset=14336 (i32.and (i32.shl (i32.wrap_i64 (local.get $x)) (i32.const 3)) (i32.const 0x7f8)))
                         (i64.load offset=12288 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 5))) (i32.const 0x7f8))))
                (i64.xor (i64.load offset=10240 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 13))) (i32.const 0x7f8)))
                         (i64.load offset=8192 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 21))) (i32.const 0x7f8)))))
              (i64.xor
                (i64.xor (i64.load offset=6144 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 29))) (i32.const 0x7f8)))
                         (i64.load offset=4096 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 37))) (i32.const 0x7f8))))
                (i64.xor (i64.load offset=2048 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 45))) (i32.const 0x7f8)))
                         (i64.load offset=0 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 53))) (i32.const 0x7f8)))))))
          (i64.store (i32.const 0x4208) (local.get $c0))
          ;; lane 1: bytes 16384 .. 32767 of the round
          (local.set $x (i64.xor (local.get $c1) (i64.load offset=16384 (local.get $q))))
          (local.set $c1
            (i64.xor
              (i64.xor
                (i64.xor (i64.load offset=14336 (i32.and (i32.shl (i32.wrap_i64 (local.get $x)) (i32.const 3)) (i32.const 0x7f8)))
                         (i64.load offset=12288 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 5))) (i32.const 0x7f8))))
                (i64.xor (i64.load offset=10240 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 13))) (i32.const 0x7f8)))
                         (i64.load offset=8192 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 21))) (i32.const 0x7f8)))))
              (i64.xor
                (i64.xor (i64.load offset=6144 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 29))) (i32.const 0x7f8)))
                         (i64.load offset=4096 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 37))) (i32.const 0x7f8))))
                (i64.xor (i64.load offset=2048 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 45))) (i32.const 0x7f8)))
                         (i64.load offset=0 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 53))) (i32.const 0x7f8)))))))
          (i64.store (i32.const 0x4210) (local.get $c1))
          ;; lane 2: bytes 32768 .. 49151 of the round
          (local.set $x (i64.xor (local.get $c2) (i64.load offset=32768 (local.get $q))))
          (local.set $c2
            (i64.xor
              (i64.xor
                (i64.xor (i64.load offset=14336 (i32.and (i32.shl (i32.wrap_i64 (local.get $x)) (i32.const 3)) (i32.const 0x7f8)))
                         (i64.load offset=12288 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 5))) (i32.const 0x7f8))))
                (i64.xor (i64.load offset=10240 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 13))) (i32.const 0x7f8)))
                         (i64.load offset=8192 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 21))) (i32.const 0x7f8)))))
              (i64.xor
                (i64.xor (i64.load offset=6144 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 29))) (i32.const 0x7f8)))
                         (i64.load offset=4096 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 37))) (i32.const 0x7f8))))
                (i64.xor (i64.load offset=2048 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 45))) (i32.const 0x7f8)))
                         (i64.load offset=0 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 53))) (i32.const 0x7f8)))))))
          (i64.store (i32.const 0x4218) (local.get $c2))
          ;; lane 3: bytes 49152 .. 65535 of the round
          (local.set $x (i64.xor (local.get $c3) (i64.load offset=49152 (local.get $q))))
          (local.set $c3
            (i64.xor
              (i64.xor
                (i64.xor (i64.load offset=14336 (i32.and (i32.shl (i32.wrap_i64 (local.get $x)) (i32.const 3)) (i32.const 0x7f8)))
                         (i64.load offset=12288 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 5))) (i32.const 0x7f8))))
                (i64.xor (i64.load offset=10240 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 13))) (i32.const 0x7f8)))
                         (i64.load offset=8192 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 21))) (i32.const 0x7f8)))))
              (i64.xor
                (i64.xor (i64.load offset=6144 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 29))) (i32.const 0x7f8)))
                         (i64.load offset=4096 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 37))) (i32.const 0x7f8))))
                (i64.xor (i64.load offset=2048 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 45))) (i32.const 0x7f8)))
                         (i64.load offset=0 (i32.and (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 53))) (i32.const 0x7f8)))))))
          (local.set $q (i32.add (local.get $q) (i32.const 8)))
          (br_if $step (i32.lt_u (local.get $q) (local.get $qEnd))))
        (local.set $x (i64.load (i32.const 0x4088)))
        (local.set $crc (i64.xor (call $multmodp (local.get $x) (local.get $c0)) (local.get $c1)))
        (local.set $crc (i64.xor (call $multmodp (local.get $x) (local.get $crc)) (local.get $c2)))
        (local.set $crc (i64.xor (call $multmodp (local.get $x) (local.get $crc)) (local.get $c3)))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 0x10000)))
        (local.set $len (i32.sub (local.get $len) (i32.const 0x10000)))
        (br $four)))

    ;; Then two lanes while at least 2 KiB remain: each round takes the largest power-of-two lane
    ;; length 2^log with 2 * 2^log <= len (2^log >= 1024, so the multiply is amortised).
    (block $lanesDone
      (loop $round
        (br_if $lanesDone (i32.lt_u (local.get $len) (i32.const 2048)))
        (local.set $log (i32.sub (i32.const 30) (i32.clz (local.get $len))))
        (local.set $lane (i32.shl (i32.const 1) (local.get $log)))
        (local.set $a (local.get $ptr))
        (local.set $b (i32.add (local.get $ptr) (local.get $lane)))
        (local.set $end (local.get $b))
        (local.set $crcA (local.get $crc))
        (local.set $crcB (i64.const 0))
        (loop $pair
          (local.set $x (i64.xor (local.get $crcA) (i64.load (local.get $a))))
          (local.set $aLo (i32.wrap_i64 (local.get $x)))
          (local.set $aHi (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 32))))
          (local.set $crcA
            (i64.xor
              (i64.xor
                (i64.xor
                  (i64.load offset=14336 (i32.and (i32.shl (local.get $aLo) (i32.const 3)) (i32.const 0x7f8)))
                  (i64.load offset=12288 (i32.and (i32.shr_u (local.get $aLo) (i32.const 5)) (i32.const 0x7f8))))
                (i64.xor
                  (i64.load offset=10240 (i32.and (i32.shr_u (local.get $aLo) (i32.const 13)) (i32.const 0x7f8)))
                  (i64.load offset=8192 (i32.and (i32.shr_u (local.get $aLo) (i32.const 21)) (i32.const 0x7f8)))))
              (i64.xor
                (i64.xor
                  (i64.load offset=6144 (i32.and (i32.shl (local.get $aHi) (i32.const 3)) (i32.const 0x7f8)))
                  (i64.load offset=4096 (i32.and (i32.shr_u (local.get $aHi) (i32.const 5)) (i32.const 0x7f8))))
                (i64.xor
                  (i64.load offset=2048 (i32.and (i32.shr_u (local.get $aHi) (i32.const 13)) (i32.const 0x7f8)))
                  (i64.load offset=0 (i32.and (i32.shr_u (local.get $aHi) (i32.const 21)) (i32.const 0x7f8)))))))
          (i64.store (i32.const 0x4208) (local.get $crcA)) ;; pins lane A's xors here (see the top)
          (local.set $x (i64.xor (local.get $crcB) (i64.load (local.get $b))))
          (local.set $bLo (i32.wrap_i64 (local.get $x)))
          (local.set $bHi (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 32))))
          (local.set $crcB
            (i64.xor
              (i64.xor
                (i64.xor
                  (i64.load offset=14336 (i32.and (i32.shl (local.get $bLo) (i32.const 3)) (i32.const 0x7f8)))
                  (i64.load offset=12288 (i32.and (i32.shr_u (local.get $bLo) (i32.const 5)) (i32.const 0x7f8))))
                (i64.xor
                  (i64.load offset=10240 (i32.and (i32.shr_u (local.get $bLo) (i32.const 13)) (i32.const 0x7f8)))
                  (i64.load offset=8192 (i32.and (i32.shr_u (local.get $bLo) (i32.const 21)) (i32.const 0x7f8)))))
              (i64.xor
                (i64.xor
                  (i64.load offset=6144 (i32.and (i32.shl (local.get $bHi) (i32.const 3)) (i32.const 0x7f8)))
                  (i64.load offset=4096 (i32.and (i32.shr_u (local.get $bHi) (i32.const 5)) (i32.const 0x7f8))))
                (i64.xor
                  (i64.load offset=2048 (i32.and (i32.shr_u (local.get $bHi) (i32.const 13)) (i32.const 0x7f8)))
                  (i64.load offset=0 (i32.and (i32.shr_u (local.get $bHi) (i32.const 21)) (i32.const 0x7f8)))))))
          (local.set $a (i32.add (local.get $a) (i32.const 8)))
          (local.set $b (i32.add (local.get $b) (i32.const 8)))
          (br_if $pair (i32.lt_u (local.get $a) (local.get $end))))
        ;; merge: crcA * x^(8 * 2^log) = crcA * x^(2^(log + 3))
        (local.set $crc
          (i64.xor
            (call $multmodp
              (i64.load (i32.add (i32.const 0x4000) (i32.shl (i32.add (local.get $log) (i32.const 3)) (i32.const 3))))
              (local.get $crcA))
            (local.get $crcB)))
        (local.set $ptr (i32.add (local.get $ptr) (i32.shl (local.get $lane) (i32.const 1))))
        (local.set $len (i32.sub (local.get $len) (i32.shl (local.get $lane) (i32.const 1))))
        (br $round)))

    ;; One lane, 8 bytes at a time.
    (local.set $p (local.get $ptr))
    (local.set $end (i32.add (local.get $ptr) (i32.and (local.get $len) (i32.const -8))))
    (block $singleDone
      (loop $single
        (br_if $singleDone (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $x (i64.xor (local.get $crc) (i64.load (local.get $p))))
        (local.set $aLo (i32.wrap_i64 (local.get $x)))
        (local.set $aHi (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 32))))
        (local.set $crc
          (i64.xor
            (i64.xor
              (i64.xor
                (i64.load offset=14336 (i32.and (i32.shl (local.get $aLo) (i32.const 3)) (i32.const 0x7f8)))
                (i64.load offset=12288 (i32.and (i32.shr_u (local.get $aLo) (i32.const 5)) (i32.const 0x7f8))))
              (i64.xor
                (i64.load offset=10240 (i32.and (i32.shr_u (local.get $aLo) (i32.const 13)) (i32.const 0x7f8)))
                (i64.load offset=8192 (i32.and (i32.shr_u (local.get $aLo) (i32.const 21)) (i32.const 0x7f8)))))
            (i64.xor
              (i64.xor
                (i64.load offset=6144 (i32.and (i32.shl (local.get $aHi) (i32.const 3)) (i32.const 0x7f8)))
                (i64.load offset=4096 (i32.and (i32.shr_u (local.get $aHi) (i32.const 5)) (i32.const 0x7f8))))
              (i64.xor
                (i64.load offset=2048 (i32.and (i32.shr_u (local.get $aHi) (i32.const 13)) (i32.const 0x7f8)))
                (i64.load offset=0 (i32.and (i32.shr_u (local.get $aHi) (i32.const 21)) (i32.const 0x7f8)))))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $single)))

    ;; The last 0 .. 7 bytes, one at a time.
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (block $bytesDone
      (loop $bytes
        (br_if $bytesDone (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $crc
          (i64.xor
            (i64.shr_u (local.get $crc) (i64.const 8))
            (i64.load
              (i32.shl
                (i32.and
                  (i32.xor (i32.wrap_i64 (local.get $crc)) (i32.load8_u (local.get $p)))
                  (i32.const 0xff))
                (i32.const 3)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $bytes)))

    (i64.store (i32.const 0x4200) (i64.xor (local.get $crc) (i64.const -1))))
)
