// What a prompt model shows over a slice view: its preview in one colour of its own (magenta, not a segment's),
// the box drawn dashed and the points (green positive, red negative) on the slices they lie on.
import type { Vec3, VolumeInfo } from '../../../electron/common/contract';
import type { PromptPreview, Prompts } from '../../state/inference';
import { inPlane, type Paint } from './labelOverlay';
import { indexToWorld } from '../../geometry/sliceGeometry';

export const PREVIEW_COLOUR = [255, 0, 255] as const;

/**
 * The preview's voxels on slice `index` across `axis` (1 inside), as a box one voxel deep (x-fastest over its own
 * dims, dims[axis] = 1) like a label slice. Runs follow the volume's x-fastest order and may span many rows.
 */
export function previewSlice(preview: PromptPreview, dims: Vec3, axis: number, index: number): Uint8Array {
  const [nx, ny] = dims;
  const box = [...dims] as Vec3;
  box[axis] = 1;
  const out = new Uint8Array(box[0] * box[1] * box[2]);
  const { runs } = preview;
  for (let n = 0; n < runs.length; n += 2) {
    const start = runs[n]!;
    const end = start + runs[n + 1]!;
    for (let row = Math.floor(start / nx); row * nx < end; row++) {
      const y = row % ny;
      const z = Math.floor(row / ny);
      const x0 = Math.max(start - row * nx, 0);
      const x1 = Math.min(end - row * nx, nx);
      if (axis === 0) {
        if (x0 <= index && index < x1) out[y + ny * z] = 1;
      } else if ((axis === 1 ? y : z) === index) out.fill(1, x0 + nx * (axis === 1 ? z : y), x1 + nx * (axis === 1 ? z : y));
    }
  }
  return out;
}

export const previewPaint: Paint = (value) => (value ? [...PREVIEW_COLOUR, 150] : undefined);

/** Draws the box and points lying on slice `slice` across `axis`. */
export function drawPrompts(context: CanvasRenderingContext2D, prompts: Prompts, volume: VolumeInfo, axis: number, slice: number, toScreen: (world: Vec3) => [number, number]): void {
  const screen = (index: Vec3) => toScreen(indexToWorld(volume, index));
  const { box, points } = prompts;
  if (box && box.min[axis]! <= slice && slice <= box.max[axis]!) {
    const [u, v] = inPlane(axis);
    const corner = (cu: number, cv: number) => {
      const index = [...box.min] as Vec3;
      index[axis] = slice;
      index[u] = cu;
      index[v] = cv;
      return screen(index);
    };
    // The box's outer edges: half a voxel outside its first and last voxel centres.
    const [lo, hi] = [[box.min[u]! - 0.5, box.min[v]! - 0.5], [box.max[u]! + 0.5, box.max[v]! + 0.5]] as const;
    context.save();
    context.strokeStyle = `rgb(${PREVIEW_COLOUR.join(',')})`;
    context.setLineDash([6, 4]);
    context.lineWidth = 1.5;
    context.beginPath();
    [corner(lo[0], lo[1]), corner(hi[0], lo[1]), corner(hi[0], hi[1]), corner(lo[0], hi[1])].forEach(([x, y], n) => (n ? context.lineTo(x, y) : context.moveTo(x, y)));
    context.closePath();
    context.stroke();
    context.restore();
  }
  for (const { at, positive } of points.filter(({ at }) => at[axis] === slice)) {
    const [x, y] = screen(at);
    context.fillStyle = positive ? '#3fb950' : '#e5534b';
    context.beginPath();
    context.arc(x, y, 4, 0, 2 * Math.PI);
    context.fill();
  }
}
