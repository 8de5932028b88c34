// The segments over one slice view: the labelmap slice in each segment's colour (filled or outlined), the
// threshold preview, a prompt model's preview, points and box, the brush's circle at its true size, the stroke or outline being drawn, and the seeds.
import { useEffect, useMemo, useRef } from 'react';
import type { Vec3 } from '../../../electron/common/contract';
import { useInference } from '../../state/inference';
import { useLabelSlice } from '../../state/labelSlices';
import { useSegments } from '../../state/segments';
import { useView } from '../../state/view';
import type { ShownVolume } from '../../state/volumes';
import { toolById } from '../../tools/segment/segmentTools';
import { brushRadius } from '../../tools/segment/brushSize';
import { rangePaint, segmentPaint, sliceRGBA, sliceToScreen, type Paint } from './labelOverlay';
import { drawPrompts, previewPaint, previewSlice } from './promptOverlay';
import { indexToWorld, sliceIndex, unitsPerPixel, worldToScreen, type SliceCamera, type SliceFrame } from '../../geometry/sliceGeometry';

interface Props {
  volume?: ShownVolume;
  frame?: SliceFrame;
  camera?: SliceCamera;
  width: number;
  height: number;
  /** The mouse over the view, for the brush circle. */
  pointer?: [number, number];
}

type Geometry = ShownVolume['info'];

/** Brush and preview colour while no segment is active. */
const NO_SEGMENT_COLOUR: [number, number, number] = [255, 255, 0];

/** One slice as a bitmap of voxels (one pixel each); drawn to screen by `place`. Kept while only the mouse moves. */
function sliceBitmap(values: ArrayLike<number>, dims: Vec3, axis: number, slice: number, paint: Paint, outline: boolean): OffscreenCanvas {
  const { rgba, width, height } = sliceRGBA(values, dims, axis, slice, paint, outline);
  const bitmap = new OffscreenCanvas(width, height);
  bitmap.getContext('2d')!.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
  return bitmap;
}

function place(context: CanvasRenderingContext2D, bitmap: OffscreenCanvas, volume: Geometry, frame: SliceFrame, camera: SliceCamera, size: [number, number], slice: number) {
  context.save();
  context.imageSmoothingEnabled = false;
  context.transform(...sliceToScreen(volume, frame, camera, size[0], size[1], slice));
  context.drawImage(bitmap, -0.5, -0.5);
  context.restore();
}

export function LabelLayer({ volume, frame, camera, width, height, pointer }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const cursor = useView((state) => state.cursor);
  const { info, opacity, outline, tool, params, active, sketch, seeds } = useSegments();
  const { prompts, preview } = useInference();

  const full = volume?.full;
  const dpr = window.devicePixelRatio || 1;
  const slice = full && frame ? sliceIndex(full, frame, cursor) : 0;
  const levelSlice = volume && frame ? sliceIndex(volume.info, frame, cursor) : 0;
  const colour = info?.segments.find((segment) => segment.value === active)?.color ?? NO_SEGMENT_COLOUR;
  const range = params.threshold.range as [number, number];
  // Only the slice on screen comes over (a box one voxel deep: slice 0 of its own dims); a stale copy of it waits for the fresh one.
  const labels = useLabelSlice(full && frame ? frame.axis : undefined, slice);
  const segments = info?.segments;
  const labelBitmap = useMemo(
    () => labels && segments && sliceBitmap(labels.values, labels.dims, labels.axis, 0, segmentPaint(segments, opacity), outline),
    [labels, segments, opacity, outline],
  );
  const previewBitmap = useMemo(() => {
    if (tool !== 'threshold' || !volume || !frame) return undefined;
    return sliceBitmap(volume.voxels, volume.info.dims, frame.axis, levelSlice, rangePaint(range, colour, 0.45), false);
  }, [tool, volume, frame, levelSlice, range, colour]);

  const promptBitmap = useMemo(() => {
    if (!preview || !full || !frame) return undefined;
    const box = [...full.dims] as Vec3;
    box[frame.axis] = 1;
    return sliceBitmap(previewSlice(preview, full.dims, frame.axis, slice), box, frame.axis, 0, previewPaint, false);
  }, [preview, full, frame, slice]);

  useEffect(() => {
    const context = canvas.current!.getContext('2d')!;
    // Drawn at the screen's own pixel density; everything below speaks CSS pixels.
    context.setTransform(dpr, 0, 0, dpr, 0, 0);
    context.clearRect(0, 0, width, height);
    if (!volume || !full || !frame || !camera || !info) return;
    const size: [number, number] = [width, height];
    if (labelBitmap) place(context, labelBitmap, full, frame, camera, size, slice);
    if (previewBitmap) place(context, previewBitmap, volume.info, frame, camera, size, levelSlice);
    if (promptBitmap) place(context, promptBitmap, full, frame, camera, size, slice);
    const toScreen = (world: Vec3) => worldToScreen(camera, frame, width, height, world);
    drawPrompts(context, prompts, full, frame.axis, slice, toScreen);
    const css = `rgb(${colour.join(',')})`;
    const perPixel = unitsPerPixel(camera, height);
    if (sketch && sketch.axis === frame.axis) {
      context.strokeStyle = css;
      context.lineJoin = 'round';
      context.lineCap = 'round';
      context.globalAlpha = sketch.kind === 'stroke' ? 0.5 : 1;
      context.lineWidth = sketch.kind === 'stroke' ? (2 * brushRadius(params, tool)) / perPixel : 1.5;
      context.beginPath();
      sketch.points.map(toScreen).forEach(([x, y], n) => (n ? context.lineTo(x, y) : context.moveTo(x, y)));
      if (sketch.kind === 'polygon') context.closePath();
      if (sketch.points.length === 1 && sketch.kind === 'stroke') context.lineTo(...toScreen(sketch.points[0]!));
      context.stroke();
      context.globalAlpha = 1;
    }
    if (tool && toolById(tool).pointing === 'stroke' && pointer) {
      context.strokeStyle = tool === 'erase' ? '#e5534b' : css;
      context.lineWidth = 1.5;
      context.beginPath();
      context.arc(pointer[0], pointer[1], brushRadius(params, tool) / perPixel, 0, 2 * Math.PI);
      context.stroke();
    }
    if (tool === 'grow') {
      context.fillStyle = css;
      for (const seed of seeds.filter((seed) => seed[frame.axis] === slice)) {
        const [x, y] = toScreen(indexToWorld(full, seed));
        context.fillRect(x - 3, y - 3, 6, 6);
      }
    }
  }, [dpr, volume, full, frame, camera, width, height, info, labelBitmap, previewBitmap, promptBitmap, prompts, slice, levelSlice, colour, tool, params, sketch, seeds, pointer]);

  return (
    <canvas
      ref={canvas}
      className="label-layer"
      width={Math.round(width * dpr)}
      height={Math.round(height * dpr)}
      style={{ width, height }}
      data-testid="label-layer"
      // Which labels are on screen: the slice and the labelmap revision they were read at (tests wait on them).
      data-slice={labels?.index}
      data-revision={labels?.revision}
    />
  );
}
