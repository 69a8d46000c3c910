/**
 * Chart and heat-map export through the platform (a save dialog in Electron, a download in the browser).
 */
import { getPlatform } from '../platform/index';

export function canvasPngBytes(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (!blob) {
        reject(new Error('The picture could not be encoded as PNG.'));
        return;
      }
      blob.arrayBuffer().then((buf) => resolve(new Uint8Array(buf)), reject);
    }, 'image/png');
  });
}

/** A file name from a title: letters, digits and dashes only. */
export function exportName(title: string, ext: 'png' | 'svg'): string {
  const base = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'tensorloom';
  return `${base}.${ext}`;
}

export async function exportCanvasPng(canvas: HTMLCanvasElement, title: string): Promise<void> {
  await getPlatform().exportFile(exportName(title, 'png'), await canvasPngBytes(canvas), 'image/png');
}

export async function exportSvgText(svg: string, title: string): Promise<void> {
  await getPlatform().exportFile(exportName(title, 'svg'), svg, 'image/svg+xml');
}
