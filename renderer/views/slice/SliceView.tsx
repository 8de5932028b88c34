// One of the three linked slice views. Drags start the tools the shortcut registry binds to each button
// (crosshair, window/level, pan); the wheel steps slices, zooms with Ctrl, or sizes the paint/erase brush with Shift.
import { useEffect, useMemo, useRef, useState } from 'react';
import { wheelActionFor } from '../../keys/shortcuts';
import { brushing, resizeBrush } from '../../tools/segment/brushSize';
import { useView } from '../../state/view';
import type { ShownVolume } from '../../state/volumes';
import { Gesture, type PointerInput } from '../../tools/slice/gesture';
import { onThisPlane } from '../../tools/slice/measureHandles';
import { regionStats } from '../../tools/slice/roiTool';
import { sliceTools, sliceToolsWith, type SliceToolContext } from '../../tools/slice/sliceTools';
import { useRotationKeys } from '../../actions/rotateSlice';
import { useMeasurements } from '../../state/measurements';
import { MeasurementOverlay } from './MeasurementOverlay';
import type { SliceVoxels } from '../../geometry/measureGeometry';
import { LabelLayer } from './LabelLayer';
import { crosshairLines, OBLIQUE_NOTE } from '../../geometry/obliqueCrosshair';
import { frameLetters, obliqueFrame } from '../../geometry/obliqueGeometry';
import { registerView } from '../../state/liveViews';
import { scaleBar } from '../../geometry/scaleBar';
import { edgeLabels, fitCamera, orientations, screenToWorld, sliceFrame, sliceIndex, stepAlong, unitsPerPixel, worldToIndex, worldToScreen, zoomAbout, type SliceOrientation } from '../../geometry/sliceGeometry';
import { SliceOverlay } from './SliceOverlay';
import { useSlicePipeline } from './pipelineStart';
import { useCanvasSlice, type VoxelSlice } from './canvasSlice';
import { useElementSize } from '../useElementSize';
import { probe, probeLines, withArrival, type Probe } from '../../geometry/voxelProbe';
import { formatWindowLevel } from '../../display/windowLevel';
import { cornerLines } from '../../display/cornerAnnotations';
import { useAnnotations } from '../../state/annotations';
import { useFullSlice, type FullSlice } from './fullSlice';
import { useImageData } from '../vtkImage';
import type { Vec3 } from '../../../electron/common/contract';

/** One wheel notch (100 px of deltaY) zooms by 2^(1/5): five notches double the magnification. */
const zoomFactor = (event: WheelEvent) => 2 ** (-(event.deltaY * (event.deltaMode === 1 ? 40 : 1)) / 500);
/** One Shift+wheel notch scales the brush by this (as 3D Slicer's Shift+wheel). */
const BRUSH_WHEEL_STEP = 1.1;

const pointerInput = (event: React.PointerEvent, box: DOMRect): PointerInput => ({
  pointerId: event.pointerId,
  button: event.button,
  shiftKey: event.shiftKey,
  x: event.clientX - box.left,
  y: event.clientY - box.top,
});

/** The value under the mouse from the finest voxels at hand: the full-resolution slice, else the level in memory. */
function probeFinest(volume: ShownVolume, detail: FullSlice | undefined, world: Vec3): Probe {
  if (!detail) {
    const found = probe(volume.info, volume.voxels, world);
    // A coarse level's index means nothing to the user: say which full-resolution voxel is under the mouse.
    return withArrival({ ...found, index: worldToIndex(volume.full, world).map(Math.round) as Vec3 }, volume.full.arrival);
  }
  const found = probe(detail.grid, detail.values, world);
  const index = [...found.index] as Vec3;
  index[detail.axis] = detail.index;
  return withArrival({ ...found, index }, volume.full.arrival);
}

export function SliceView({ orientation, volume }: { orientation: SliceOrientation; volume?: ShownVolume }) {
  const element = useRef<HTMLDivElement>(null);
  const container = useRef<HTMLDivElement>(null);
  /** The slice drawn in JS until the view's WebGL pipeline has drawn it. */
  const canvas = useRef<HTMLCanvasElement>(null);
  const gesture = useRef(new Gesture(sliceToolsWith('crosshair')));
  /** Measuring and segmentation tools draw on voxel slices: an oblique view keeps the crosshair, window/level, pan and rotation. */
  const obliqueGesture = useRef(new Gesture(sliceTools));
  /** The gesture a drag started in keeps it, even when the drag tilts the view in or out of oblique. */
  const dragging = useRef<Gesture<SliceToolContext>>(undefined);
  const { items: measurements, selected: selectedMeasurement, tool, update: updateMeasurement } = useMeasurements();
  const { cursor, windowLevel, zoomPan, rotation: rotations, setCursor, setWindowLevel, setZoomPan } = useView();
  const rotation = rotations[orientation];
  const view = zoomPan[orientation];
  const [width, height] = useElementSize(container);
  const [pointer, setPointer] = useState<[number, number]>();
  // Geometry comes from the full volume, so a finer level replacing a coarser one moves nothing on screen.
  const info = volume?.full;
  const orthogonal = useMemo(() => info && sliceFrame(info, orientation), [info, orientation]);
  const frame = useMemo(() => orthogonal && obliqueFrame(orthogonal, rotation), [orthogonal, rotation]);
  /** A rotated view reslices the volume through the crosshair; labels, measurements and full resolution are off there. */
  const oblique = rotation !== undefined;
  // Fitted to the orthogonal slice, so turning the plane does not zoom the view.
  const camera = useMemo(() => info && orthogonal && fitCamera(info, orthogonal, width, height, view), [info, orthogonal, width, height, view]);
  const slice = info && frame ? sliceIndex(info, frame, cursor) : 0;
  /** The slice of the level in memory (a coarser one for large volumes). */
  const shownSlice = volume && frame ? sliceIndex(volume.info, frame, cursor) : 0;
  const detail = useFullSlice(volume, oblique ? undefined : frame?.axis, slice);
  useRotationKeys(orientation, frame);

  const { pipeline, drawn: drawnInWebGL } = useSlicePipeline(container, orientation, { volumeId: volume?.full.id, oblique });
  useEffect(
    () =>
      registerView(orientation, {
        element: element.current!,
        capture: () => pipeline?.capture() ?? Promise.resolve(canvas.current!.toDataURL('image/png')),
        reset: () => useView.getState().fit(orientation),
      }),
    [orientation, pipeline],
  );

  /** What the 2D canvas shows: nothing (null) for zeros standing in for a level not here yet. */
  const firstSlice = useMemo<VoxelSlice | null | undefined>(
    () =>
      drawnInWebGL || oblique || !volume || !frame
        ? undefined
        : detail
          ? { grid: detail.grid, values: detail.values, axis: detail.axis, index: 0 }
          : volume.standIn
            ? null
            : { grid: volume.info, values: volume.voxels, axis: frame.axis, index: shownSlice },
    [drawnInWebGL, oblique, volume, frame, detail, shownSlice],
  );
  useCanvasSlice(canvas, orientation, firstSlice, { windowLevel, camera, frame, size: [width, height], full: volume?.level === 0 || detail !== undefined });

  const image = useImageData(volume?.info, volume?.voxels);
  useEffect(() => {
    if (image && frame) pipeline?.setImage(image, frame.axis);
  }, [pipeline, image, frame]);

  const obliqueThrough = oblique ? cursor : undefined;
  useEffect(() => {
    if (frame && camera) pipeline?.show({ frame, camera, slice: shownSlice, windowLevel, oblique: obliqueThrough });
  }, [pipeline, frame, camera, shownSlice, windowLevel, obliqueThrough]);

  useEffect(() => {
    if (frame) pipeline?.setDetail(detail?.image, frame.axis);
  }, [pipeline, detail, frame]);

  useEffect(() => {
    gesture.current = new Gesture(sliceToolsWith(tool));
  }, [tool]);

  /** The finest voxels at hand of the slice on screen: the full-resolution slice, else the level in memory. */
  const sliceVoxels = (): SliceVoxels =>
    detail
      ? { grid: detail.grid, values: detail.values, axis: detail.axis, index: 0, level: 0 }
      : { grid: volume!.info, values: volume!.voxels, axis: frame!.axis, index: shownSlice, level: volume!.level };

  const context = (): SliceToolContext | undefined =>
    info && frame && camera && {
      volume: info,
      frame,
      camera,
      size: [width, height],
      cursor,
      windowLevel,
      setCursor,
      setWindowLevel,
      setZoomPan: (next) => setZoomPan(orientation, next),
      tilt: (about, degrees) => useView.getState().tilt(orientation, about, degrees),
      orientation,
      sliceVoxels,
    };
  const shownMeasurements = info && frame && !oblique ? onThisPlane(measurements, { orientation, frame, cursor, volume: info }) : [];

  // Regions drawn over a coarse level take their statistics again once the full-resolution slice is here.
  useEffect(() => {
    if (!detail || !frame) return;
    for (const item of shownMeasurements) {
      if (item.stats?.level) updateMeasurement(item.id, { stats: regionStats({ frame, sliceVoxels }, item) });
    }
  }, [detail]); // only when a new slice arrives

  // React's wheel listeners are passive; Ctrl+wheel must not also zoom the page.
  const onWheel = useRef<(event: WheelEvent) => void>(() => {});
  onWheel.current = (event) => {
    event.preventDefault();
    if (!info || !frame || !camera) return;
    const action = wheelActionFor({ ctrlKey: event.ctrlKey || event.metaKey, shiftKey: event.shiftKey, brushing: brushing() });
    if (action === 'zoom') {
      const box = element.current!.getBoundingClientRect();
      setZoomPan(orientation, zoomAbout(camera, frame, width, height, zoomFactor(event), [event.clientX - box.left, event.clientY - box.top]));
    } else if (action === 'brushSizeWheel') {
      // Browsers turn Shift+wheel into a sideways scroll: either delta counts, one step per notch as for slices.
      const delta = event.deltaY || event.deltaX;
      if (delta) resizeBrush(BRUSH_WHEEL_STEP ** -Math.sign(delta));
    } else if (event.deltaY) setCursor(stepAlong(info, frame, cursor, Math.sign(event.deltaY)));
  };
  useEffect(() => {
    const target = element.current!;
    const listener = (event: WheelEvent) => onWheel.current(event);
    target.addEventListener('wheel', listener, { passive: false });
    return () => target.removeEventListener('wheel', listener);
  }, []);

  const world = pointer && camera && frame && screenToWorld(camera, frame, width, height, pointer, cursor);
  const readout = world && info && volume && probeLines(probeFinest(volume, detail, world), info.unit, info.valueUnit, info.dtype);
  const resolution = !volume ? undefined : volume.level === 0 || detail ? 'full' : `level ${volume.level}`;
  const annotated = useAnnotations((state) => state.shown);
  // Where the plane lies along its normal (the index axis' direction), as DICOM's Slice Location.
  const corners =
    annotated && info && frame && !oblique
      ? cornerLines(info.dicom, { location: cursor.reduce((sum: number, value, i) => sum + value * info.direction[i * 3 + frame.axis]!, 0), unit: info.unit })
      : undefined;

  return (
    <div
      ref={element}
      className="view slice-view"
      data-view={orientation}
      data-resolution={resolution}
      // Zeros standing in for a level not here (tests and benches wait for image pixels).
      data-stand-in={volume?.standIn && !detail ? '' : undefined}
      onContextMenu={(event) => event.preventDefault()}
      onMouseDown={(event) => event.button === 1 && event.preventDefault()} // a middle-drag pans, it does not autoscroll
      onPointerDown={(event) => {
        const started = context();
        const chosen = oblique ? obliqueGesture.current : gesture.current;
        if (started && chosen.down(pointerInput(event, event.currentTarget.getBoundingClientRect()), started)) {
          dragging.current = chosen;
          event.currentTarget.setPointerCapture(event.pointerId);
        }
      }}
      onPointerMove={(event) => {
        const input = pointerInput(event, event.currentTarget.getBoundingClientRect());
        dragging.current?.move(input);
        setPointer([input.x, input.y]);
      }}
      onPointerUp={(event) => dragging.current?.up(event)}
      onPointerCancel={(event) => dragging.current?.up(event)}
      onPointerLeave={() => setPointer(undefined)}
    >
      <div className="vtk-canvas" ref={container} />
      <canvas className="slice-canvas" ref={canvas} hidden={drawnInWebGL || oblique} />
      <LabelLayer volume={oblique ? undefined : volume} frame={frame} camera={camera} width={width} height={height} pointer={pointer} />
      <SliceOverlay
        orientation={orientation}
        width={width}
        height={height}
        letters={edgeLabels(oblique && frame ? frameLetters(frame) : orientations[orientation].letters, volume?.full.frame)}
        label={
          oblique
            ? `${orientations[orientation].name} · oblique${resolution && resolution !== 'full' ? ` · ${resolution}` : ''}`
            : `${orientations[orientation].name} ${info && frame && annotated ? `${slice + 1}/${info.dims[frame.axis]}` : ''}${resolution && resolution !== 'full' ? ` · ${resolution}, loading full resolution…` : ''}`
        }
        crosshair={camera && frame ? worldToScreen(camera, frame, width, height, cursor) : undefined}
        lines={info && frame ? crosshairLines(info, orientation, frame, rotations) : undefined}
        windowLevel={info && annotated ? formatWindowLevel(windowLevel) : undefined}
        note={oblique ? OBLIQUE_NOTE : undefined}
        readout={readout}
        scaleBar={info && camera ? scaleBar(width, unitsPerPixel(camera, height), info.unit) : undefined}
        corners={corners}
      />
      {info && camera && frame && shownMeasurements.length > 0 && (
        <MeasurementOverlay
          width={width}
          height={height}
          items={shownMeasurements}
          selected={selectedMeasurement}
          unit={info.unit}
          valueUnit={info.valueUnit}
          toScreen={(world) => worldToScreen(camera, frame, width, height, world)}
        />
      )}
    </div>
  );
}
