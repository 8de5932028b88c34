// One of the three linked slice views. Drags start the tools the shortcut registry binds to each button
// (crosshair, window/level, pan); the wheel steps slices, or zooms with Ctrl.
import { useEffect, useMemo, useRef, useState } from 'react';
import { wheelActionFor } from '../shortcuts';
import { useView } from '../state/view';
import type { ShownVolume } from '../state/volumes';
import { Gesture, type PointerInput } from '../tools/gesture';
import { sliceTools, type SliceToolContext } from '../tools/sliceTools';
import { LabelLayer } from './LabelLayer';
import { registerView } from './liveViews';
import { scaleBar } from './scaleBar';
import { fitCamera, orientations, screenToWorld, sliceFrame, sliceIndex, stepAlong, unitsPerPixel, worldToScreen, zoomAbout, type SliceOrientation } from './sliceGeometry';
import { SliceOverlay } from './SliceOverlay';
import { SlicePipeline } from './slicePipeline';
import { useElementSize } from './useElementSize';
import { probe, probeLines } from './voxelProbe';
import { formatWindowLevel } from './windowLevel';

/** One wheel notch (100 px of deltaY) zooms by 2^(1/5): five notches double the magnification. */
const zoomFactor = (event: WheelEvent) => 2 ** (-(event.deltaY * (event.deltaMode === 1 ? 40 : 1)) / 500);

const pointerInput = (event: React.PointerEvent, box: DOMRect): PointerInput => ({
  pointerId: event.pointerId,
  button: event.button,
  shiftKey: event.shiftKey,
  x: event.clientX - box.left,
  y: event.clientY - box.top,
});

export function SliceView({ orientation, volume }: { orientation: SliceOrientation; volume?: ShownVolume }) {
  const element = useRef<HTMLDivElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const pipeline = useRef<SlicePipeline | null>(null);
  const gesture = useRef(new Gesture(sliceTools));
  const { cursor, windowLevel, zoomPan, setCursor, setWindowLevel, setZoomPan } = useView();
  const view = zoomPan[orientation];
  const [width, height] = useElementSize(container);
  const [pointer, setPointer] = useState<[number, number]>();
  const info = volume?.info;
  const frame = useMemo(() => info && sliceFrame(info, orientation), [info, orientation]);
  const camera = useMemo(() => info && frame && fitCamera(info, frame, width, height, view), [info, frame, width, height, view]);
  const slice = info && frame ? sliceIndex(info, frame, cursor) : 0;

  useEffect(() => {
    const created = new SlicePipeline(container.current!);
    pipeline.current = created;
    const unregister = registerView(orientation, { element: element.current!, capture: () => created.capture(), reset: () => useView.getState().fit(orientation) });
    return () => {
      unregister();
      created.dispose();
    };
  }, [orientation]);

  useEffect(() => {
    if (volume && frame) pipeline.current!.setImage(volume.image, frame.axis);
  }, [volume, frame]);

  useEffect(() => {
    if (frame && camera) pipeline.current!.show({ frame, camera, slice, windowLevel });
  }, [frame, camera, slice, windowLevel]);

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
    };

  // React's wheel listeners are passive; Ctrl+wheel must not also zoom the page.
  const onWheel = useRef<(event: WheelEvent) => void>(() => {});
  onWheel.current = (event) => {
    event.preventDefault();
    if (!info || !frame || !camera) return;
    if (wheelActionFor({ ctrlKey: event.ctrlKey || event.metaKey }) === 'zoom') {
      const box = element.current!.getBoundingClientRect();
      setZoomPan(orientation, zoomAbout(camera, frame, width, height, zoomFactor(event), [event.clientX - box.left, event.clientY - box.top]));
    } else if (event.deltaY) setCursor(stepAlong(info, frame, cursor, Math.sign(event.deltaY)));
  };
  useEffect(() => {
    const target = element.current!;
    const listener = (event: WheelEvent) => onWheel.current(event);
    target.addEventListener('wheel', listener, { passive: false });
    return () => target.removeEventListener('wheel', listener);
  }, []);

  const world = pointer && camera && frame && screenToWorld(camera, frame, width, height, pointer, cursor);
  const readout = world && info && volume && probeLines(probe(info, volume.image.getPointData().getScalars().getData(), world), info.unit, info.valueUnit, info.dtype);

  return (
    <div
      ref={element}
      className="view slice-view"
      data-view={orientation}
      onContextMenu={(event) => event.preventDefault()}
      onMouseDown={(event) => event.button === 1 && event.preventDefault()} // a middle-drag pans, it does not autoscroll
      onPointerDown={(event) => {
        const started = context();
        if (started && gesture.current.down(pointerInput(event, event.currentTarget.getBoundingClientRect()), started)) {
          event.currentTarget.setPointerCapture(event.pointerId);
        }
      }}
      onPointerMove={(event) => {
        const input = pointerInput(event, event.currentTarget.getBoundingClientRect());
        gesture.current.move(input);
        setPointer([input.x, input.y]);
      }}
      onPointerUp={(event) => gesture.current.up(event)}
      onPointerCancel={(event) => gesture.current.up(event)}
      onPointerLeave={() => setPointer(undefined)}
    >
      <div className="vtk-canvas" ref={container} />
      <LabelLayer volume={volume} frame={frame} camera={camera} width={width} height={height} pointer={pointer} />
      <SliceOverlay
        orientation={orientation}
        width={width}
        height={height}
        letters={orientations[orientation].letters}
        label={`${orientations[orientation].name} ${info && frame ? `${slice + 1}/${info.dims[frame.axis]}` : ''}`}
        crosshair={camera && frame ? worldToScreen(camera, frame, width, height, cursor) : undefined}
        windowLevel={info && formatWindowLevel(windowLevel)}
        readout={readout}
        scaleBar={info && camera ? scaleBar(width, unitsPerPixel(camera, height), info.unit) : undefined}
      />
    </div>
  );
}
