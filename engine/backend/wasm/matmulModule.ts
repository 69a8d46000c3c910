import { matmulRelaxedSimdWasmBase64, matmulSimdWasmBase64 } from './generated/matmulWasm';

/** Panel sizes the kernel packs to; they must match MR and NR in scripts/build-kernels/matmul.as. */
const PANEL_ROWS = 4;
const PANEL_COLS = 8;
const PAGE_BYTES = 65536;
/** The kernel keeps a small scratch tile in its static data; operands start past it. */
const OPERANDS_OFFSET = 4096;

interface MatmulExports {
  memory: WebAssembly.Memory;
  batchMatMul(
    a: number, b: number, c: number, batch: number, batchStrideA: number, batchStrideB: number,
    m: number, k: number, n: number, aStrideM: number, aStrideK: number, bStrideK: number, bStrideN: number,
    packedA: number, packedB: number,
  ): void;
}

/** Operands of one batched product, in the layout tfjs stores them (row-major, before any transpose). */
export interface BatchMatMulProblem {
  a: Float32Array;
  b: Float32Array;
  /** Batch sizes of a and b: equal, or 1 for an operand broadcast across the batch. */
  batchA: number;
  batchB: number;
  /** Result is batch x m x n with batch = max(batchA, batchB); k is the shared dimension. */
  m: number;
  k: number;
  n: number;
  transposeA: boolean;
  transposeB: boolean;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export type MatmulVariant = 'relaxed-simd' | 'simd';

/**
 * A blocked, packed SIMD matrix multiply compiled to its own WebAssembly module. Operands are copied into the
 * module's memory, multiplied there and the result copied out: copies are O(n²) against O(n³) arithmetic.
 */
export class WasmMatmul {
  private constructor(
    private readonly exports: MatmulExports,
    readonly variant: MatmulVariant,
  ) {}

  /** The fastest variant this engine validates, or null where WebAssembly SIMD is unavailable. */
  static create(): WasmMatmul | null {
    if (typeof WebAssembly !== 'object') return null;
    for (const [variant, encoded] of [
      ['relaxed-simd', matmulRelaxedSimdWasmBase64],
      ['simd', matmulSimdWasmBase64],
    ] as const) {
      const bytes = decodeBase64(encoded);
      if (!WebAssembly.validate(bytes)) continue;
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
      return new WasmMatmul(instance.exports as unknown as MatmulExports, variant);
    }
    return null;
  }

  /** Computes the product into `out` (batch x m x n, row-major). */
  run(problem: BatchMatMulProblem, out: Float32Array): void {
    const { a, b, batchA, batchB, m, k, n, transposeA, transposeB } = problem;
    const batch = Math.max(batchA, batchB);
    const packedARows = Math.ceil(m / PANEL_ROWS) * PANEL_ROWS;
    const packedBCols = Math.ceil(n / PANEL_COLS) * PANEL_COLS;
    const aOffset = OPERANDS_OFFSET;
    const bOffset = aOffset + align(a.length * 4);
    const cOffset = bOffset + align(b.length * 4);
    const packedAOffset = cOffset + align(batch * m * n * 4);
    const packedBOffset = packedAOffset + align(packedARows * k * 4);
    const end = packedBOffset + align(packedBCols * k * 4);
    this.ensureCapacity(end);
    const memory = this.exports.memory.buffer;
    new Float32Array(memory, aOffset, a.length).set(a);
    new Float32Array(memory, bOffset, b.length).set(b);
    // Strides in elements: a is stored batch x (transposeA ? k x m : m x k), b as batch x (transposeB ? n x k : k x n).
    this.exports.batchMatMul(
      aOffset, bOffset, cOffset, batch,
      batchA === 1 ? 0 : m * k, batchB === 1 ? 0 : k * n,
      m, k, n,
      transposeA ? 1 : k, transposeA ? m : 1,
      transposeB ? 1 : n, transposeB ? k : 1,
      packedAOffset, packedBOffset,
    );
    out.set(new Float32Array(this.exports.memory.buffer, cOffset, batch * m * n));
  }

  private ensureCapacity(bytes: number): void {
    const memory = this.exports.memory;
    const missing = bytes - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / PAGE_BYTES));
  }
}

function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}
