/**
 * Which tfjs backends can run in this worker, best first. A quick look, not a benchmark: hardware WebGPU,
 * then hardware WebGL, then WASM (SIMD, and threads when the page is cross-origin isolated), then CPU.
 * A GPU API backed by a software rasteriser (SwiftShader, llvmpipe — headless browsers and machines
 * without a GPU driver) is listed after WASM: measured here, WASM trains 3–4× faster than WebGL on
 * SwiftShader, and WebGPU on SwiftShader is slower still. The user can still pick it by hand.
 */
import type { BackendName } from '../../engine';

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string; device?: string };
}

interface GpuLike {
  requestAdapter(): Promise<GpuAdapterLike | null>;
}

export type GpuKind = 'hardware' | 'software' | 'none';

async function webgpuKind(): Promise<GpuKind> {
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return 'none';
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return 'none';
    const info = adapter.info ?? {};
    const text = [info.vendor, info.architecture, info.description, info.device].filter(Boolean).join(' ');
    return adapter.isFallbackAdapter || SOFTWARE_RENDERER.test(text) ? 'software' : 'hardware';
  } catch {
    return 'none';
  }
}

function webglKind(): GpuKind {
  if (typeof OffscreenCanvas === 'undefined') return 'none';
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return 'none';
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return SOFTWARE_RENDERER.test(renderer) ? 'software' : 'hardware';
  } catch {
    return 'none';
  }
}

/** Orders backends from what the probes found; pure, so the policy is testable. */
export function rankBackends(found: { webgpu: GpuKind; webgl: GpuKind; wasm: boolean }): BackendName[] {
  const out: BackendName[] = [];
  if (found.webgpu === 'hardware') out.push('webgpu');
  if (found.webgl === 'hardware') out.push('webgl');
  if (found.wasm) out.push('wasm');
  if (found.webgl === 'software') out.push('webgl');
  if (found.webgpu === 'software') out.push('webgpu');
  out.push('cpu');
  return out;
}

export async function probeBackends(): Promise<BackendName[]> {
  return rankBackends({
    webgpu: await webgpuKind(),
    webgl: webglKind(),
    wasm: typeof WebAssembly === 'object',
  });
}

/** WASM threads need SharedArrayBuffer, which browsers give only to cross-origin isolated pages. */
export function wasmThreadsPossible(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}
