// AssemblyScript source of the SIMD matrix multiply behind the wasm backend's BatchMatMul kernel.
// Compiled by scripts/build-kernels.ts into engine/backend/wasm/generated/matmulWasm.ts.
//
// Layout: every operand is addressed by (row stride, column stride), so transposed inputs are just
// different strides. Both operands are packed before the multiply: A into panels of MR rows laid out
// k-major ([panel][k][MR]) and B into panels of NR columns ([panel][k][NR]), zero-padded at the edges.
// The micro-kernel then reads both panels sequentially and keeps an MR x NR tile of C in registers.
// Blocking follows the usual cache hierarchy: a KC-deep slice of a B panel stays in L1 while the MC rows
// of packed A it meets stay in L2.

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;
const MC: i32 = 128;
// Rows of a contiguous-panel operand packed together (see packContiguousPanels).
const PACK_ROWS: i32 = 16;

// Fused multiply-add where the engine offers it (relaxed SIMD), otherwise a multiply and an add.
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(a, b, c);
  } else {
    return f32x4.add(f32x4.mul(a, b), c);
  }
}

/**
 * Stores the transpose of the 4 x 4 block with rows r0..r3: its column j (r0[j], r1[j], r2[j], r3[j]) goes to
 * `out + j * stride` bytes.
 */
@inline
function transpose4x4Store(r0: v128, r1: v128, r2: v128, r3: v128, out: usize, stride: i32): void {
  const lo01 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5); // r0[0] r1[0] r0[1] r1[1]
  const hi01 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7); // r0[2] r1[2] r0[3] r1[3]
  const lo23 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const hi23 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  const s = <usize>stride;
  v128.store(out, v128.shuffle<f32>(lo01, lo23, 0, 1, 4, 5));
  v128.store(out + s, v128.shuffle<f32>(lo01, lo23, 2, 3, 6, 7));
  v128.store(out + 2 * s, v128.shuffle<f32>(hi01, hi23, 0, 1, 4, 5));
  v128.store(out + 3 * s, v128.shuffle<f32>(hi01, hi23, 2, 3, 6, 7));
}

/** Packs rows of A (m x k, element (i, p) at a + 4 * (i * strideM + p * strideK)) into MR-row panels. */
export function packA(a: usize, dst: usize, m: i32, k: i32, strideM: i32, strideK: i32): void {
  const panels = (m + MR - 1) / MR;
  if (strideM == 1) {
    packContiguousPanels(a, dst, m, k, strideK, MR);
    return;
  }
  for (let panel = 0; panel < panels; panel++) {
    const i0 = panel * MR;
    const out = dst + <usize>(panel * k * MR) * 4;
    if (i0 + MR <= m && strideK == 1) {
      const r0 = a + <usize>(i0 * strideM) * 4;
      const r1 = r0 + <usize>strideM * 4;
      const r2 = r1 + <usize>strideM * 4;
      const r3 = r2 + <usize>strideM * 4;
      // Four columns of the four rows at a time: one 4 x 4 transpose in registers.
      const k4 = k & ~3;
      for (let p = 0; p < k4; p += 4) {
        const q = <usize>p * 4;
        transpose4x4Store(v128.load(r0 + q), v128.load(r1 + q), v128.load(r2 + q), v128.load(r3 + q), out + <usize>(p * MR) * 4, MR * 4);
      }
      for (let p = k4; p < k; p++) {
        const o = out + <usize>(p * MR) * 4;
        const q = <usize>p * 4;
        store<f32>(o, load<f32>(r0 + q));
        store<f32>(o + 4, load<f32>(r1 + q));
        store<f32>(o + 8, load<f32>(r2 + q));
        store<f32>(o + 12, load<f32>(r3 + q));
      }
    } else {
      for (let p = 0; p < k; p++) {
        for (let r = 0; r < MR; r++) {
          const i = i0 + r;
          const v: f32 = i < m ? load<f32>(a + <usize>(i * strideM + p * strideK) * 4) : 0;
          store<f32>(out + <usize>(p * MR + r) * 4, v);
        }
      }
    }
  }
}

/** Packs columns of B (k x n, element (p, j) at b + 4 * (p * strideK + j * strideN)) into NR-column panels. */
export function packB(b: usize, dst: usize, k: i32, n: i32, strideK: i32, strideN: i32): void {
  if (strideN == 1) {
    packContiguousPanels(b, dst, n, k, strideK, NR);
    return;
  }
  const panels = (n + NR - 1) / NR;
  for (let panel = 0; panel < panels; panel++) {
    const j0 = panel * NR;
    const out = dst + <usize>(panel * k * NR) * 4;
    if (j0 + NR <= n && strideK == 1) {
      // Each column of the panel is a contiguous row of the stored Bᵀ: four depths of eight columns at a time,
      // as two 4 x 4 transposes in registers.
      const c0 = b + <usize>(j0 * strideN) * 4;
      const rowBytes = <usize>strideN * 4;
      const k4 = k & ~3;
      for (let p = 0; p < k4; p += 4) {
        const q = c0 + <usize>p * 4;
        const o = out + <usize>(p * NR) * 4;
        transpose4x4Store(v128.load(q), v128.load(q + rowBytes), v128.load(q + 2 * rowBytes), v128.load(q + 3 * rowBytes), o, NR * 4);
        const q4 = q + 4 * rowBytes;
        transpose4x4Store(v128.load(q4), v128.load(q4 + rowBytes), v128.load(q4 + 2 * rowBytes), v128.load(q4 + 3 * rowBytes), o + 16, NR * 4);
      }
      for (let c = 0; c < NR; c++) {
        const col = b + <usize>((j0 + c) * strideN) * 4;
        for (let p = k4; p < k; p++) {
          store<f32>(out + <usize>(p * NR + c) * 4, load<f32>(col + <usize>p * 4));
        }
      }
    } else {
      for (let p = 0; p < k; p++) {
        for (let c = 0; c < NR; c++) {
          const j = j0 + c;
          const v: f32 = j < n ? load<f32>(b + <usize>(p * strideK + j * strideN) * 4) : 0;
          store<f32>(out + <usize>(p * NR + c) * 4, v);
        }
      }
    }
  }
}

/**
 * Packs a matrix whose panel elements are contiguous (k rows of `width` floats, row stride `strideK`) into
 * panels of `lanes` (4 or 8) columns laid out [panel][k][lanes], zero-padded past `width`. Rows are visited
 * PACK_ROWS at a time across every panel: walking one panel down all k rows instead would stride through
 * memory by a whole row per load, and with rows a power of two apart (512 floats, 2 KB) those loads all land
 * in a few cache sets and miss again for every panel.
 */
function packContiguousPanels(src: usize, dst: usize, width: i32, k: i32, strideK: i32, lanes: i32): void {
  const panels = (width + lanes - 1) / lanes;
  const fullPanels = width / lanes;
  for (let p0 = 0; p0 < k; p0 += PACK_ROWS) {
    const pEnd = min(k, p0 + PACK_ROWS);
    for (let panel = 0; panel < fullPanels; panel++) {
      const out = dst + <usize>(panel * k * lanes) * 4;
      const column = src + <usize>(panel * lanes) * 4;
      for (let p = p0; p < pEnd; p++) {
        const from = column + <usize>(p * strideK) * 4;
        const to = out + <usize>(p * lanes) * 4;
        v128.store(to, v128.load(from));
        if (lanes == 8) v128.store(to, v128.load(from, 16), 16);
      }
    }
    for (let panel = fullPanels; panel < panels; panel++) {
      const j0 = panel * lanes;
      const out = dst + <usize>(panel * k * lanes) * 4;
      for (let p = p0; p < pEnd; p++) {
        for (let c = 0; c < lanes; c++) {
          const j = j0 + c;
          const v: f32 = j < width ? load<f32>(src + <usize>(p * strideK + j) * 4) : 0;
          store<f32>(out + <usize>(p * lanes + c) * 4, v);
        }
      }
    }
  }
}

/**
 * C tile (rows x cols, rows <= MR, cols <= NR, row stride ldc) = (accumulate ? C : 0) + Apanel * Bpanel
 * over kc steps, plus the NR floats at `bias` in every row when `bias` is not 0, then max(0, ·) when `relu` (the
 * last depth block of a product with a bias or activation: applied after the sum, as separate ops would). Edge
 * tiles go through `edgeTile` (MR x NR floats of the caller's scratch: threads share the module's memory, so there
 * is no static scratch).
 */
@inline
function microKernel(pa: usize, pb: usize, kc: i32, c: usize, ldc: i32, rows: i32, cols: i32, accumulate: bool, edgeTile: usize, bias: usize, relu: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(pa, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(pa, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(pa, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    pa += MR * 4;
    pb += NR * 4;
  }
  const ldcBytes = <usize>ldc * 4;
  if (bias != 0 || relu) {
    if (accumulate) {
      // (C + sum) + bias, the order of a separate Add after the product.
      c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
      c10 = f32x4.add(c10, v128.load(c + ldcBytes)); c11 = f32x4.add(c11, v128.load(c + ldcBytes, 16));
      c20 = f32x4.add(c20, v128.load(c + 2 * ldcBytes)); c21 = f32x4.add(c21, v128.load(c + 2 * ldcBytes, 16));
      c30 = f32x4.add(c30, v128.load(c + 3 * ldcBytes)); c31 = f32x4.add(c31, v128.load(c + 3 * ldcBytes, 16));
      accumulate = false;
    }
    if (bias != 0) {
      const bias0 = v128.load(bias);
      const bias1 = v128.load(bias, 16);
      c00 = f32x4.add(c00, bias0); c01 = f32x4.add(c01, bias1);
      c10 = f32x4.add(c10, bias0); c11 = f32x4.add(c11, bias1);
      c20 = f32x4.add(c20, bias0); c21 = f32x4.add(c21, bias1);
      c30 = f32x4.add(c30, bias0); c31 = f32x4.add(c31, bias1);
    }
    if (relu) {
      // pmax(x, 0) is x < 0 ? 0 : x: one instruction, and a NaN stays NaN (so a diverged loss still shows).
      const zero = f32x4.splat(0);
      c00 = f32x4.pmax(c00, zero); c01 = f32x4.pmax(c01, zero);
      c10 = f32x4.pmax(c10, zero); c11 = f32x4.pmax(c11, zero);
      c20 = f32x4.pmax(c20, zero); c21 = f32x4.pmax(c21, zero);
      c30 = f32x4.pmax(c30, zero); c31 = f32x4.pmax(c31, zero);
    }
  }
  if (rows == MR && cols == NR) {
    if (accumulate) {
      c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
      c10 = f32x4.add(c10, v128.load(c + ldcBytes)); c11 = f32x4.add(c11, v128.load(c + ldcBytes, 16));
      c20 = f32x4.add(c20, v128.load(c + 2 * ldcBytes)); c21 = f32x4.add(c21, v128.load(c + 2 * ldcBytes, 16));
      c30 = f32x4.add(c30, v128.load(c + 3 * ldcBytes)); c31 = f32x4.add(c31, v128.load(c + 3 * ldcBytes, 16));
    }
    v128.store(c, c00); v128.store(c, c01, 16);
    v128.store(c + ldcBytes, c10); v128.store(c + ldcBytes, c11, 16);
    v128.store(c + 2 * ldcBytes, c20); v128.store(c + 2 * ldcBytes, c21, 16);
    v128.store(c + 3 * ldcBytes, c30); v128.store(c + 3 * ldcBytes, c31, 16);
    return;
  }
  v128.store(edgeTile, c00); v128.store(edgeTile, c01, 16);
  v128.store(edgeTile, c10, 32); v128.store(edgeTile, c11, 48);
  v128.store(edgeTile, c20, 64); v128.store(edgeTile, c21, 80);
  v128.store(edgeTile, c30, 96); v128.store(edgeTile, c31, 112);
  for (let r = 0; r < rows; r++) {
    for (let col = 0; col < cols; col++) {
      const dst = c + <usize>r * ldcBytes + <usize>col * 4;
      let v = load<f32>(edgeTile + <usize>(r * NR + col) * 4);
      if (accumulate) v += load<f32>(dst);
      store<f32>(dst, v);
    }
  }
}

/**
 * C (m x n, row stride ldc) = packedA * packedB (+ the row vector at `bias`, padded to whole panels, when not 0;
 * then max(0, ·) when `relu`) for the NR-column panels [panelStart, panelEnd).
 */
export function gemmPacked(
  pa: usize, pb: usize, c: usize, m: i32, n: i32, k: i32, ldc: i32, panelStart: i32, panelEnd: i32, edgeTile: usize, bias: usize, relu: bool,
  triangle: i32, accumulateFirst: bool,
): void {
  for (let k0 = 0; k0 < k; k0 += KC) {
    const kc = min(KC, k - k0);
    const accumulate = k0 > 0 || accumulateFirst;
    const lastBlock = k0 + kc >= k;
    for (let i0 = 0; i0 < m; i0 += MC) {
      const iEnd = min(m, i0 + MC);
      for (let panel = panelStart; panel < panelEnd; panel++) {
        const j0 = panel * NR;
        const cols = min(NR, n - j0);
        const pbBlock = pb + <usize>(panel * k * NR + k0 * NR) * 4;
        for (let i = i0; i < iEnd; i += MR) {
          const rows = min(MR, m - i);
          // A tile wholly above the diagonal of a lower-triangular result is never computed (nor written).
          if (triangle == TRIANGLE_LOWER_RESULT && j0 > i + rows - 1) continue;
          // Where A is zero above (below) its diagonal, these rows' sums stop (start) at the diagonal.
          let first = 0;
          let depth = kc;
          if (triangle == TRIANGLE_LOWER_A) depth = max(0, min(kc, i + rows - k0));
          else if (triangle == TRIANGLE_UPPER_A) {
            first = min(kc, max(0, i - k0));
            depth = kc - first;
          }
          const paBlock = pa + <usize>((i / MR) * k * MR + (k0 + first) * MR) * 4;
          const panelBias = bias != 0 && lastBlock ? bias + <usize>j0 * 4 : 0;
          microKernel(paBlock, pbBlock + <usize>(first * NR) * 4, depth, c + <usize>(i * ldc + j0) * 4, ldc, rows, cols, accumulate, edgeTile, panelBias, relu && lastBlock);
        }
      }
    }
  }
}

/**
 * C (m x n, row stride ldc) = A * B (+ bias, then relu, as gemmPacked) with both operands packed a cache block at a
 * time, just before they are multiplied: a KC-deep slice of B (all its panels), then for each MC rows the
 * matching MC x KC block of A. The panels are then read back from L2 and L1 rather than from wherever a whole
 * packed operand of several MiB ended up. With `bAlreadyPacked` (k at most KC, B the operand packed last: a
 * broadcast B) B is not packed again; with `accumulateFirst` the product is added to C.
 */
function gemmBlocked(
  a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, ldc: i32, aStrideM: i32, aStrideK: i32, bStrideK: i32, bStrideN: i32,
  packedA: usize, packedB: usize, edgeTile: usize, bias: usize, relu: bool, bAlreadyPacked: bool, accumulateFirst: bool,
): void {
  const panels = (n + NR - 1) / NR;
  for (let k0 = 0; k0 < k; k0 += KC) {
    const kc = min(KC, k - k0);
    const lastBlock = k0 + kc >= k;
    if (!bAlreadyPacked) packB(b + <usize>(k0 * bStrideK) * 4, packedB, kc, n, bStrideK, bStrideN);
    for (let i0 = 0; i0 < m; i0 += MC) {
      const rows = min(MC, m - i0);
      packA(a + <usize>(i0 * aStrideM + k0 * aStrideK) * 4, packedA, rows, kc, aStrideM, aStrideK);
      gemmPacked(
        packedA, packedB, c + <usize>(i0 * ldc) * 4, rows, n, kc, ldc, 0, panels, edgeTile, lastBlock ? bias : 0, relu && lastBlock,
        TRIANGLE_NONE, k0 > 0 || accumulateFirst,
      );
    }
  }
}

/**
 * Row vector times matrix, c (n) = a (k, element stride strideK) * B (k x n, rows contiguous): the bias
 * gradients' shape. Packing would waste MR - 1 of every MR rows, so this streams B's rows instead.
 */
function vectorTimesMatrix(a: usize, b: usize, c: usize, k: i32, n: i32, aStrideK: i32, bStrideK: i32, bias: usize, relu: bool): void {
  const n4 = n & ~3;
  for (let j = 0; j < n4; j += 4) v128.store(c + <usize>j * 4, f32x4.splat(0));
  for (let j = n4; j < n; j++) store<f32>(c + <usize>j * 4, 0);
  for (let p = 0; p < k; p++) {
    const ap = load<f32>(a + <usize>(p * aStrideK) * 4);
    const av = f32x4.splat(ap);
    const row = b + <usize>(p * bStrideK) * 4;
    for (let j = 0; j < n4; j += 4) {
      const dst = c + <usize>j * 4;
      v128.store(dst, madd(av, v128.load(row + <usize>j * 4), v128.load(dst)));
    }
    for (let j = n4; j < n; j++) {
      const dst = c + <usize>j * 4;
      store<f32>(dst, load<f32>(dst) + ap * load<f32>(row + <usize>j * 4));
    }
  }  if (bias != 0) {
    for (let j = 0; j < n; j++) {
      const dst = c + <usize>j * 4;
      store<f32>(dst, load<f32>(dst) + load<f32>(bias + <usize>j * 4));
    }
  }
  if (relu) {
    for (let j = 0; j < n; j++) {
      const dst = c + <usize>j * 4;
      const v = load<f32>(dst);
      if (v < 0) store<f32>(dst, 0);
    }
  }
}

/**
 * c (m x n, rows contiguous) = max(0, ((c + partial 0) + partial 1 + … + partial blocks-1) + bias) where the
 * partials are m x n sums one after another at `partials`, bias (n floats) is skipped when 0 and max(0, ·) when
 * not `relu`. With c and the partials the sums of consecutive KC-deep blocks of a product, this is exactly what
 * gemmPacked computes when it adds each block's sum to c in turn: one thread can sum the first blocks while another
 * sums each later block on its own, and the result does not depend on how the blocks were shared.
 */
export function addPartialSums(c: usize, partials: usize, blocks: i32, m: i32, n: i32, bias: usize, relu: i32): void {
  const size = <usize>(m * n) * 4;
  const n4 = n & ~3;
  const zero = f32x4.splat(0);
  for (let row = 0; row < m; row++) {
    const rowAt = <usize>(row * n) * 4;
    for (let j = 0; j < n4; j += 4) {
      const at = rowAt + <usize>j * 4;
      let v = v128.load(c + at);
      for (let block = 0; block < blocks; block++) v = f32x4.add(v, v128.load(partials + <usize>block * size + at));
      if (bias != 0) v = f32x4.add(v, v128.load(bias + <usize>j * 4));
      if (relu != 0) v = f32x4.pmax(v, zero);
      v128.store(c + at, v);
    }
    for (let j = n4; j < n; j++) {
      const at = rowAt + <usize>j * 4;
      let v = load<f32>(c + at);
      for (let block = 0; block < blocks; block++) v += load<f32>(partials + <usize>block * size + at);
      if (bias != 0) v += load<f32>(bias + <usize>j * 4);
      if (relu != 0 && v < 0) v = 0;
      store<f32>(c + at, v);
    }
  }
}

// Triangular products (causal attention, square per batch item): which part `gemmPacked` may skip.
/** A full product. */
const TRIANGLE_NONE: i32 = 0;
/** Only the result's lower triangle (column ≤ row) is wanted: tiles wholly above the diagonal are left unwritten. */
const TRIANGLE_LOWER_RESULT: i32 = 1;
/** A is zero above its diagonal (column > row): each row's sum stops there. */
const TRIANGLE_LOWER_A: i32 = 2;
/** A is zero below its diagonal (column < row): each row's sum starts there. */
const TRIANGLE_UPPER_A: i32 = 3;

/** Byte offset of batch item (outer, inner) from element strides per outer and per inner index. */
@inline
function batchOffset(outer: i32, inner: i32, outerStride: i32, innerStride: i32): usize {
  return <usize>(outer * outerStride + inner * innerStride) * 4;
}

/** How `batchMatMul` divides a product into ranges of work (see its `counter`). */
const UNIT_BATCHES: i32 = 0;
const UNIT_ROWS: i32 = 1;
const UNIT_COLUMNS: i32 = 2;
/**
 * KC-deep blocks of the depth (one matrix, no bias or relu), claimed from both ends through `counter` (the next
 * block from the bottom in its low 16 bits, the end of the unclaimed blocks from the top in its high 16): the
 * thread passing `smallest` 0 sums blocks from the bottom into C in order, as one thread would; the other
 * (`smallest` 1) sums each block it claims from the top on its own into the m x n slot of that block at `c`. When
 * both are done, addPartialSums adds the slots from where the bottom thread stopped, in order, to its C.
 */
const UNIT_DEPTH_BLOCKS: i32 = 3;

/**
 * Claims the next KC-deep block from the bottom (`fromTop` false) or the top of the two-ended counter described at
 * UNIT_DEPTH_BLOCKS; returns its index, or -1 when none is left.
 */
function claimDepthBlock(counter: usize, fromTop: bool): i32 {
  while (true) {
    let packed: i32;
    if (ASC_FEATURE_THREADS) packed = atomic.load<i32>(counter);
    else packed = load<i32>(counter);
    const low = packed & 0xffff;
    const high = packed >>> 16;
    if (low >= high) return -1;
    const claimed = fromTop ? high - 1 : low;
    const next = fromTop ? (claimed << 16) | low : (high << 16) | (low + 1);
    if (ASC_FEATURE_THREADS) {
      if (atomic.cmpxchg<i32>(counter, packed, next) == packed) return claimed;
    } else {
      store<i32>(counter, next);
      return claimed;
    }
  }
}

/** The end of the range `claim` last returned the start of (globals are per instance, so per thread). */
let claimedEnd: i32 = 0;

/**
 * Claims the next range of units of [0, total) and returns its start (total or more when none is left), its end
 * in `claimedEnd`. With no counter the range simply follows `next`, `largest` units long. With one (the next
 * unclaimed unit, shared by the threads), a range is a quarter of what is left, between `smallest` and `largest`
 * units and a multiple of `smallest`: large while there is much to do, fine at the end, so the thread that
 * finishes first waits only for a small last range of the other's.
 */
function claim(counter: usize, next: i32, total: i32, smallest: i32, largest: i32): i32 {
  if (counter == 0) {
    claimedEnd = min(total, next + largest);
    return next;
  }
  let left: i32;
  if (ASC_FEATURE_THREADS) left = total - atomic.load<i32>(counter);
  else left = total - load<i32>(counter);
  const quarter = (left + 3) / 4;
  const size = min(largest, max(smallest, ((quarter + smallest - 1) / smallest) * smallest));
  let start: i32;
  if (ASC_FEATURE_THREADS) {
    start = atomic.add<i32>(counter, size);
  } else {
    start = load<i32>(counter);
    store<i32>(counter, start + size);
  }
  claimedEnd = min(total, start + size);
  return start;
}

/**
 * Batched C[i] = A[i] * B[i] with every operand addressed by strides. Batch item i is (i / batchInner, i % batchInner)
 * and starts batchStride·(i / batchInner) + innerStride·(i % batchInner) elements in (a stride of 0 broadcasts), so
 * e.g. attention heads can be read from and written to (batch, time, heads·width) layouts without a transpose.
 * C has row stride ldc (column stride 1), so a caller may compute a column slice of a wider C.
 * `bias` (0 for none) points at n floats added to every row of every C[i] after the product; `relu` (0 or 1)
 * then replaces negative results with 0.
 * packedA/packedB scratch must hold ceil(m/MR)*MR*k and ceil(n/NR)*NR*k floats, followed by MR*NR floats
 * for edge tiles and ceil(n/NR)*NR floats for the bias padded to whole panels.
 *
 * The work is divided into ranges of batches, of rows (one matrix; `smallest` and `largest` multiples of MR), of
 * column panels (one matrix) or into depth blocks (see UNIT_DEPTH_BLOCKS), as `unitKind` says. With `counter` 0 this thread computes every range in turn,
 * `largest` units at a time. Otherwise `counter` is the byte address of an i32, zero before the first thread
 * starts, through which threads calling this with the same arguments (but their own scratch) claim ranges (see
 * `claim`) until none is left: a thread that runs slower or starts later simply takes fewer. Every result element
 * is computed whole by one thread in the same order, so the result does not depend on who computed what.
 *
 * `triangle` (TRIANGLE_*, batches only, square m x m items) skips the work a triangular operand or result makes
 * unnecessary: causal attention's scores, weights and their gradients.
 */
export function batchMatMul(
  a: usize, b: usize, c: usize, batch: i32, batchInner: i32, batchStrideA: i32, batchStrideB: i32, batchStrideC: i32,
  innerStrideA: i32, innerStrideB: i32, innerStrideC: i32, m: i32, k: i32, n: i32, ldc: i32, aStrideM: i32, aStrideK: i32, bStrideK: i32, bStrideN: i32,
  packedA: usize, packedB: usize, bias: usize, relu: i32, counter: usize, unitKind: i32, smallest: i32, largest: i32, triangle: i32,
): void {
  if (m == 1 && bStrideN == 1 && ldc == n) {
    for (let i = 0; i < batch; i++) {
      const outer = i / batchInner;
      const inner = i % batchInner;
      vectorTimesMatrix(
        a + batchOffset(outer, inner, batchStrideA, innerStrideA), b + batchOffset(outer, inner, batchStrideB, innerStrideB),
        c + batchOffset(outer, inner, batchStrideC, innerStrideC), k, n, aStrideK, bStrideK, bias, relu != 0,
      );
    }
    return;
  }
  const panels = (n + NR - 1) / NR;
  const edgeTile = packedB + <usize>(panels * NR * k) * 4;
  // The micro-kernel reads the bias a whole panel at a time: a zero-padded copy keeps edge panels in bounds.
  let paddedBias: usize = 0;
  if (bias != 0) {
    paddedBias = edgeTile + <usize>(MR * NR) * 4;
    for (let j = 0; j < panels * NR; j++) store<f32>(paddedBias + <usize>j * 4, j < n ? load<f32>(bias + <usize>j * 4) : 0);
  }
  const reluOn = relu != 0;
  if (unitKind == UNIT_DEPTH_BLOCKS) {
    const fromTop = smallest != 0;
    const slotBytes = <usize>(m * n) * 4;
    for (let block = claimDepthBlock(counter, fromTop); block >= 0; block = claimDepthBlock(counter, fromTop)) {
      const k0 = block * KC;
      gemmBlocked(
        a + <usize>(k0 * aStrideK) * 4, b + <usize>(k0 * bStrideK) * 4, fromTop ? c + <usize>block * slotBytes : c, m, min(KC, k - k0), n, ldc,
        aStrideM, aStrideK, bStrideK, bStrideN, packedA, packedB, edgeTile, 0, false, false, !fromTop && block > 0,
      );
    }
    return;
  }
  if (unitKind == UNIT_ROWS) {
    // Each thread packs all of B once, when it claims its first range (a thread that comes too late to claim any
    // packs nothing); a range packs and multiplies its own rows of A.
    let bPacked = false;
    for (let row = claim(counter, 0, m, smallest, largest); row < m; row = claim(counter, claimedEnd, m, smallest, largest)) {
      if (!bPacked) {
        packB(b, packedB, k, n, bStrideK, bStrideN);
        bPacked = true;
      }
      const rows = claimedEnd - row;
      packA(a + <usize>(row * aStrideM) * 4, packedA, rows, k, aStrideM, aStrideK);
      gemmPacked(packedA, packedB, c + <usize>(row * ldc) * 4, rows, n, k, ldc, 0, panels, edgeTile, paddedBias, reluOn, TRIANGLE_NONE, false);
    }
    return;
  }
  if (unitKind == UNIT_COLUMNS) {
    // Each thread packs all of A once, when it claims its first range; a range packs its panels of B in their
    // place among all panels.
    let aPacked = false;
    for (let panel = claim(counter, 0, panels, smallest, largest); panel < panels; panel = claim(counter, claimedEnd, panels, smallest, largest)) {
      if (!aPacked) {
        packA(a, packedA, m, k, aStrideM, aStrideK);
        aPacked = true;
      }
      const column = panel * NR;
      packB(b + <usize>(column * bStrideN) * 4, packedB + <usize>(panel * k * NR) * 4, k, min(n, claimedEnd * NR) - column, bStrideK, bStrideN);
      gemmPacked(packedA, packedB, c, m, n, k, ldc, panel, claimedEnd, edgeTile, paddedBias, reluOn, TRIANGLE_NONE, false);
    }
    return;
  }
  // Batches: an operand broadcast across (part of) the batch is packed again only where it changes.
  let packedAFrom: usize = usize.MAX_VALUE;
  let packedBFrom: usize = usize.MAX_VALUE;
  for (let first = claim(counter, 0, batch, smallest, largest); first < batch; first = claim(counter, claimedEnd, batch, smallest, largest)) {
    const end = claimedEnd;
    for (let i = first; i < end; i++) {
      const outer = i / batchInner;
      const inner = i % batchInner;
      const aFrom = a + batchOffset(outer, inner, batchStrideA, innerStrideA);
      const bFrom = b + batchOffset(outer, inner, batchStrideB, innerStrideB);
      const cAt = c + batchOffset(outer, inner, batchStrideC, innerStrideC);
      // A product larger than a cache block packs and multiplies one block at a time (a triangle's skipping works
      // on whole rows and depths, so those keep whole packed operands).
      if (triangle == TRIANGLE_NONE && (m > MC || k > KC)) {
        const bAlreadyPacked = k <= KC && bFrom == packedBFrom;
        gemmBlocked(aFrom, bFrom, cAt, m, k, n, ldc, aStrideM, aStrideK, bStrideK, bStrideN, packedA, packedB, edgeTile, paddedBias, reluOn, bAlreadyPacked, false);
        packedAFrom = usize.MAX_VALUE;
        packedBFrom = k > KC ? usize.MAX_VALUE : bFrom;
        continue;
      }
      if (aFrom != packedAFrom) {
        packA(aFrom, packedA, m, k, aStrideM, aStrideK);
        packedAFrom = aFrom;
      }
      if (bFrom != packedBFrom) {
        packB(bFrom, packedB, k, n, bStrideK, bStrideN);
        packedBFrom = bFrom;
      }
      gemmPacked(packedA, packedB, cAt, m, n, k, ldc, 0, panels, edgeTile, paddedBias, reluOn, triangle, false);
    }
  }
}
