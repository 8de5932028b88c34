// A slice view's first draw on a plain 2D canvas, before its WebGL pipeline exists (making a WebGL context costs
// ~300 ms in software GL): the same voxels, window/level and camera as slicePipeline.ts draws, mapped here in JS.
import { useLayoutEffect, useRef, type RefObject } from 'react';
import type { Vec3, VolumeInfo } from '../../../electron/common/contract';
import type { WindowLevel } from '../../display/windowLevel';
import { indexToWorld, worldToScreen, type SliceCamera, type SliceFrame } from '../../geometry/sliceGeometry';
import { markNextFrame, span } from '../../state/timeline';

/** One voxel slice to draw: `index` across `axis` of `values` laid out on `grid` (x fastest). */
export interface VoxelSlice {
  grid: Pick<VolumeInfo, 'dims' | 'spacing' | 'origin' | 'direction'>;
  values: ArrayLike<number>;
  axis: number;
  index: number;
}

/** The two index axes in the slice's plane, lower first: the image's columns and rows. */
const inPlane = (axis: number): [number, number] => (axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1]);

/**
 * Grey 0–255 of `value` as vtk.js's ImageMapper draws a slice with no colour function: a ramp from black at
 * level − window/2 to white at level + window/2, clamped.
 */
export function greyOf(value: number, windowLevel: WindowLevel): number {
  const { low, perValue } = ramp(windowLevel);
  const grey = (value - low) * perValue * 255;
  return grey > 0 ? (grey < 255 ? Math.round(grey) : 255) : 0;
}

/** Where the ramp starts, and its share of the way to white per unit of value (times 255 after: as vtk.js's table). */
const ramp = ({ window, level }: WindowLevel) => ({ low: level - window / 2, perValue: 1 / window });

/**
 * The affine map (a, b, c, d, e, f as a canvas's setTransform) from the slice's (column, row) — its lower in-plane
 * index axis, then the other; cell (0, 0) spans 0–1 — to the view's pixels, as the camera shows each voxel: a cell
 * centred on its index; flips, spacing, zoom and pan included.
 */
export function sliceTransform({ grid, axis, index }: Omit<VoxelSlice, 'values'>, camera: SliceCamera, frame: SliceFrame, [width, height]: [number, number]): [number, number, number, number, number, number] {
  const [u, v] = inPlane(axis);
  const screenOf = (column: number, row: number) => {
    const at = [0, 0, 0] as Vec3;
    at[axis] = index;
    at[u] = column;
    at[v] = row;
    return worldToScreen(camera, frame, width, height, indexToWorld(grid, at));
  };
  const origin = screenOf(0, 0);
  const column = screenOf(1, 0).map((value, i) => value - origin[i]!);
  const row = screenOf(0, 1).map((value, i) => value - origin[i]!);
  // Image pixel (0, 0) spans the voxel's cell from index −0.5 to +0.5.
  return [column[0]!, column[1]!, row[0]!, row[1]!, origin[0] - (column[0]! + row[0]!) / 2, origin[1] - (column[1]! + row[1]!) / 2];
}

type Transform = ReturnType<typeof sliceTransform>;

/** The 4× multisampling pattern of WebGL contexts (Direct3D's standard one): x, y offsets from a pixel's centre. */
const SAMPLES = [-0.125, -0.375, 0.375, -0.125, -0.375, 0.125, 0.125, 0.375];

/**
 * The view's pixels (`width` × `height`, RGBA) with `slice` drawn through `transform` (sliceTransform's, in these
 * pixels) as WebGL draws a textured quad with nearest sampling in a multisampled context: a pixel shows the voxel under
 * its centre, black outside; a pixel the slice's border crosses is that voxel's grey times the share of its 4 samples
 * inside.
 */
export function screenPixels({ grid, values, axis, index }: VoxelSlice, windowLevel: WindowLevel, [a, b, c, d, e, f]: Transform, [width, height]: [number, number]): Uint8ClampedArray<ArrayBuffer> {
  const [u, v] = inPlane(axis);
  const strides = [1, grid.dims[0], grid.dims[0] * grid.dims[1]];
  const [columns, rows] = [grid.dims[u]!, grid.dims[v]!];
  const [stepU, stepV, base] = [strides[u]!, strides[v]!, index * strides[axis]!];
  const { low, perValue } = ramp(windowLevel);
  // The inverse of the transform: from a screen point back to the slice's (column, row).
  const det = a * d - b * c;
  const [ia, ib, ic, id] = [d / det, -b / det, -c / det, a / det];
  /** How far a pixel's samples reach from its centre, in columns and rows. */
  const [reachU, reachV] = [(Math.abs(ia) + Math.abs(ic)) / 2, (Math.abs(ib) + Math.abs(id)) / 2];
  const rgba = new Uint8ClampedArray(width * height * 4);
  const pixels = new Uint32Array(rgba.buffer);
  for (let y = 0; y < height; y++) {
    // (column, row) at the centre of the row's first pixel; each pixel to the right adds (ia, ib).
    const [sx, sy] = [0.5 - e, y + 0.5 - f];
    let column = ia * sx + ic * sy;
    let row = ib * sx + id * sy;
    for (let x = 0, at = y * width; x < width; x++, at++, column += ia, row += ib) {
      if (column >= reachU && row >= reachV && column <= columns - reachU && row <= rows - reachV) {
        // Inside by more than the pixel's reach (the loop every pixel but the border's takes): |0 floors there.
        const grey = (values[base + (column | 0) * stepU + (row | 0) * stepV]! - low) * perValue * 255;
        pixels[at] = GREYS[grey > 0 ? (grey < 255 ? Math.round(grey) : 255) : 0]!;
      } else if (column > -reachU && row > -reachV && column < columns + reachU && row < rows + reachV) pixels[at] = GREYS[borderGrey(column, row)]!;
      else pixels[at] = GREYS[0]!;
    }
  }
  return rgba;

  /** A pixel the slice's border may cross: the voxel under its centre times the share of its samples inside. */
  function borderGrey(column: number, row: number): number {
    let covered = 0;
    for (let sample = 0; sample < SAMPLES.length; sample += 2) {
      const [ox, oy] = [SAMPLES[sample]!, SAMPLES[sample + 1]!];
      const [sampleColumn, sampleRow] = [column + ia * ox + ic * oy, row + ib * ox + id * oy];
      if (sampleColumn >= 0 && sampleRow >= 0 && sampleColumn < columns && sampleRow < rows) covered++;
    }
    if (!covered) return 0;
    const at = base + Math.min(columns - 1, Math.max(0, Math.floor(column))) * stepU + Math.min(rows - 1, Math.max(0, Math.floor(row))) * stepV;
    return Math.round((greyOf(values[at]!, windowLevel) * covered) / (SAMPLES.length / 2));
  }
}

/** Each grey 0–255 as one opaque little-endian RGBA word. */
const GREYS = Uint32Array.from({ length: 256 }, (_, grey) => (0xff000000 | (grey << 16) | (grey << 8) | grey) >>> 0);

/** Draws `slice` on `canvas`, sized to the view at the device's pixel ratio. */
export function drawSlice(canvas: HTMLCanvasElement, slice: VoxelSlice, windowLevel: WindowLevel, transform: Transform, [width, height]: [number, number]): void {
  const ratio = window.devicePixelRatio || 1;
  const size: [number, number] = [Math.floor(width * ratio), Math.floor(height * ratio)];
  [canvas.width, canvas.height] = size;
  const rgba = screenPixels(slice, windowLevel, transform.map((value) => value * ratio) as Transform, size);
  // Drawn by the CPU: a GPU-drawn canvas's first draw compiles Skia's shaders, 0.5 s in software GL.
  canvas.getContext('2d', { willReadFrequently: true })!.putImageData(new ImageData(rgba, ...size), 0, 0);
}

/**
 * Draws `slice` on `canvas` in the task after the commit that brings it (before any frame that task's work asks for:
 * the view's data-resolution and its pixels show together), again on each change of window/level, camera or size;
 * clears it for null (nothing to show yet); leaves it as it is while `slice` is undefined (WebGL draws the view).
 */
export function useCanvasSlice(
  canvas: RefObject<HTMLCanvasElement | null>,
  name: string,
  slice: VoxelSlice | null | undefined,
  { windowLevel, camera, frame, size: [width, height], full }: { windowLevel: WindowLevel; camera?: SliceCamera; frame?: SliceFrame; size: [number, number]; full: boolean },
): void {
  const marked = useRef<VoxelSlice>(undefined);
  useLayoutEffect(() => {
    if (slice === null) canvas.current!.width = 0;
    if (!slice || !camera || !frame || !width || !height) return;
    // A task of its own per view, as the WebGL views draw: three views' first draws in one task held the page 120-270 ms.
    const timer = setTimeout(() => {
      const drawn = span(`${name}: 2D draw`);
      drawSlice(canvas.current!, slice, windowLevel, sliceTransform(slice, camera, frame, [width, height]), [width, height]);
      drawn();
      if (full && marked.current !== slice) markNextFrame(`${name}: the frame after the full slice was drawn`);
      marked.current = slice;
    });
    return () => clearTimeout(timer);
  }, [canvas, name, slice, windowLevel, camera, frame, width, height, full]);
}
