;; CRC-64/XZ (reflected polynomial 0xC96C5795D7870F42, init and xorout all ones), the CRC that
;; Alibaba PDS (crc64_hash) and Tencent SMH (crc64) call "CRC64-ECMA182" (see shared/PROVIDERS.md,
;; "Content hashes").
;;
;; Integer operations only (WebAssembly 1.0, no SIMD): table-driven slicing-by-8. Long inputs run
;; as two independent lanes interleaved in one loop, so the CPU overlaps their dependency chains,
;; and the lanes are merged with the combine operator, as zlib's crc32_combine does:
;;   crc(A || B) = crc(A) * x^(8 |B|) mod P  xor  crc(B)   (registers, lane B started from 0).
;; Lane lengths are powers of two, so x^(8 |B|) is an entry of the x^(2^k) table: one carry-less
;; multiply per merge, no exponentiation.
;;
;; Why slicing-by-8 and not 16: measured on this machine class (V8 11, Node 20), two lanes of
;; slicing-by-8 run 4-6% faster than two lanes of slicing-by-16 (16 KiB of tables instead of
;; 32 KiB, which is the whole L1 data cache); one lane of slicing-by-8 is 25% slower than two,
;; and three or four lanes gain nothing over two.
;;
;; Built by src/hashing/wasm/build.ts (wabt from npm) into crc64-wasm-bytes.ts; do not edit that file.
;;
;; Memory layout (page 0 is bookkeeping, the rest is the input buffer the host copies into):
;;   0x0000 .. 0x4000   T0 .. T7, 256 little-endian u64 each; Tk[b] = CRC effect of byte b
;;                      followed by k zero bytes (T0 is the classic byte table)
;;   0x4000 .. 0x4200   X[k] = x^(2^k) mod P, k = 0 .. 63 (reflected bit order: bit 63 is x^0)
;;   0x4200 .. 0x4208   state: the CRC so far (after xorout), read and written by update
;;   0x10000 ..         input buffer (pages 1 .. 4, 256 KiB)
(module
  (memory (export "memory") 5)

  (global $POLY i64 (i64.const 0xC96C5795D7870F42))
  (global (export "stateOffset") i32 (i32.const 0x4200))
  (global (export "bufferOffset") i32 (i32.const 0x10000))
  (global (export "bufferSize") i32 (i32.const 0x40000))

  ;; a * b mod P in the reflected representation (zlib's multmodp). a must not be 0.
  (func $multmodp (param $a i64) (param $b i64) (result i64)
    (local $m i64)
    (local $p i64)
    (local.set $m (i64.const 0x8000000000000000))
    (block $done
      (loop $bits
        (if (i64.ne (i64.and (local.get $a) (local.get $m)) (i64.const 0))
          (then
            (local.set $p (i64.xor (local.get $p) (local.get $b)))
            (br_if $done
              (i64.eqz (i64.and (local.get $a) (i64.sub (local.get $m) (i64.const 1)))))))
        (local.set $m (i64.shr_u (local.get $m) (i64.const 1)))
        ;; b = b * x: shift, and reduce by P when the x^63 coefficient (bit 0) falls out
        (local.set $b
          (i64.xor
            (i64.shr_u (local.get $b) (i64.const 1))
            (i64.and (global.get $POLY) (i64.sub (i64.const 0) (i64.and (local.get $b) (i64.const 1))))))
        (br $bits)))
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
    (local.set $crc (i64.xor (i64.load (i32.const 0x4200)) (i64.const -1)))

    ;; Two lanes while at least 2 KiB remain: each round takes the largest power-of-two lane
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
