/**
 * Chart and heat-map export through the platform (a save dialog in Electron, a download in the browser).
 */
import { i18n } from '../i18n';
import { getPlatform } from '../platform/index';
import { failureText } from '../problems/problemText';
import { useViewStore } from '../store/viewStore';

export function canvasPngBytes(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (!blob) {
        reject(new Error(i18n.t('studio.charts.pictureNotEncoded')));
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

/** Saves a picture; a failure (a full disk, a refused download) is said in the notice line, not lost. */
async function savePicture(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (err) {
    useViewStore.getState().notify(i18n.t('studio.charts.pictureNotSaved', { reason: failureText(err) }));
  }
}

export function exportCanvasPng(canvas: HTMLCanvasElement, title: string): Promise<void> {
  return savePicture(async () => getPlatform().exportFile(exportName(title, 'png'), await canvasPngBytes(canvas), 'image/png'));
}

export function exportSvgText(svg: string, title: string): Promise<void> {
  return savePicture(() => getPlatform().exportFile(exportName(title, 'svg'), svg, 'image/svg+xml'));
}
