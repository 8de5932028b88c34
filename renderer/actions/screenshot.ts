// Screenshots as PNG: each view's WebGL frame with its SVG overlay (crosshair, letters, readouts, scale bar)
// drawn on top, one view or the whole layout, saved through a download link (Electron asks where to save it).
import { viewIds, type ViewId } from '../geometry/layouts';
import { liveView } from '../state/liveViews';

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('A view could not be drawn into the screenshot.'));
    image.src = url;
  });
}

/** The overlays' SVGs as images, in page order; they carry their own colours and fonts, so they draw the same outside the page. */
function overlayImages(element: HTMLElement): Promise<HTMLImageElement>[] {
  return [...element.querySelectorAll('svg.overlay')].map((svg) =>
    loadImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`),
  );
}

/** The views, drawn where they are inside `frame`, with the frame's background between them. */
export async function composeScreenshot(frame: HTMLElement, ids: ViewId[]): Promise<Blob> {
  const scale = window.devicePixelRatio || 1;
  const origin = frame.getBoundingClientRect();
  const shown = ids.map((id) => liveView(id)).filter((view) => view && view.element.clientWidth > 0);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(origin.width * scale);
  canvas.height = Math.round(origin.height * scale);
  const context = canvas.getContext('2d')!;
  context.fillStyle = getComputedStyle(frame).backgroundColor || '#000';
  context.fillRect(0, 0, canvas.width, canvas.height);
  for (const view of shown) {
    const box = view!.element.getBoundingClientRect();
    const at = [(box.left - origin.left) * scale, (box.top - origin.top) * scale, box.width * scale, box.height * scale] as const;
    context.drawImage(await loadImage(await view!.capture()), ...at);
    for (const overlay of overlayImages(view!.element)) context.drawImage(await overlay, ...at);
  }
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The screenshot could not be encoded.'))), 'image/png'));
}

export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const stamp = () => new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

/** Saves one view, or every view the layout shows (`views` is the layout's element). */
export async function saveScreenshot(views: HTMLElement, which: ViewId | 'layout', volumeName = 'voxbench'): Promise<void> {
  const view = which === 'layout' ? undefined : liveView(which);
  const frame = view?.element ?? views;
  const ids = which === 'layout' ? viewIds : [which];
  const base = volumeName.replace(/\.(nii\.gz|[^.]+)$/, '');
  download(await composeScreenshot(frame, ids), `${base}-${which}-${stamp()}.png`);
}
