// One of the three linked slice views: click or drag to move the crosshair, scroll to step slices.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Vec3 } from '../../electron/contract';
import { useView } from '../state/view';
import type { ShownVolume } from '../state/volumes';
import { fitCamera, orientations, screenToWorld, sliceFrame, sliceIndex, worldToScreen, type SliceOrientation } from './sliceGeometry';
import { SlicePipeline } from './slicePipeline';

function useElementSize(element: React.RefObject<HTMLElement | null>): [number, number] {
  const [size, setSize] = useState<[number, number]>([1, 1]);
  useEffect(() => {
    const observer = new ResizeObserver(() => setSize([element.current!.clientWidth || 1, element.current!.clientHeight || 1]));
    observer.observe(element.current!);
    return () => observer.disconnect();
  }, [element]);
  return size;
}

const sliceKeys: Record<string, number> = { ArrowUp: -1, ArrowDown: 1, PageUp: -10, PageDown: 10 };

export function SliceView({ orientation, volume }: { orientation: SliceOrientation; volume?: ShownVolume }) {
  const container = useRef<HTMLDivElement>(null);
  const pipeline = useRef<SlicePipeline | null>(null);
  const { cursor, windowLevel, setCursor } = useView();
  const [width, height] = useElementSize(container);
  const info = volume?.info;
  const frame = useMemo(() => info && sliceFrame(info, orientation), [info, orientation]);
  const camera = useMemo(() => info && frame && fitCamera(info, frame, width, height), [info, frame, width, height]);
  const slice = info && frame ? sliceIndex(info, frame, cursor) : 0;

  useEffect(() => {
    const created = new SlicePipeline(container.current!);
    pipeline.current = created;
    return () => created.dispose();
  }, []);

  useEffect(() => {
    if (volume && frame) pipeline.current!.setImage(volume.image, frame.axis);
  }, [volume, frame]);

  useEffect(() => {
    if (frame && camera) pipeline.current!.show({ frame, camera, slice, windowLevel });
  }, [frame, camera, slice, windowLevel]);

  const moveCursor = (event: React.PointerEvent) => {
    if (!camera || !frame || !(event.buttons & 1)) return;
    const box = event.currentTarget.getBoundingClientRect();
    setCursor(screenToWorld(camera, frame, width, height, [event.clientX - box.left, event.clientY - box.top], cursor));
  };

  /** Moves the crosshair `slices` voxel slices along the view's direction (positive: away from the viewer). */
  const step = (slices: number) => {
    if (!frame || !info) return;
    const delta = slices * info.spacing[frame.axis]!;
    setCursor(cursor.map((c, i) => c + frame.look[i]! * delta) as Vec3);
  };

  // Slicer's habit: arrow keys and Page Up/Down step the slice view under the mouse.
  const [hovered, setHovered] = useState(false);
  useEffect(() => {
    if (!hovered) return;
    const onKey = (event: KeyboardEvent) => {
      const slices = sliceKeys[event.key];
      if (slices === undefined) return;
      event.preventDefault();
      step(slices);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const [cx, cy] = camera && frame ? worldToScreen(camera, frame, width, height, cursor) : [-1, -1];
  const letters = orientations[orientation].letters;

  return (
    <div className={`view slice-view ${orientation}`} data-view={orientation}>
      <div className="vtk-canvas" ref={container} />
      <svg
        className="overlay"
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          moveCursor(event);
        }}
        onPointerMove={moveCursor}
        onWheel={(event) => step(Math.sign(event.deltaY))}
        onPointerEnter={() => setHovered(true)}
        onPointerLeave={() => setHovered(false)}
      >
        {info && (
          <g className="crosshair">
            <line x1={0} x2={cx - 12} y1={cy} y2={cy} />
            <line x1={cx + 12} x2={width} y1={cy} y2={cy} />
            <line x1={cx} x2={cx} y1={0} y2={cy - 12} />
            <line x1={cx} x2={cx} y1={cy + 12} y2={height} />
          </g>
        )}
        <text className="letter" x={width / 2} y={18} textAnchor="middle">{letters[0]}</text>
        <text className="letter" x={width - 8} y={height / 2} textAnchor="end">{letters[1]}</text>
        <text className="letter" x={width / 2} y={height - 8} textAnchor="middle">{letters[2]}</text>
        <text className="letter" x={8} y={height / 2}>{letters[3]}</text>
      </svg>
      <div className="view-label">
        {orientation} {info && frame ? `${slice + 1}/${info.dims[frame.axis]}` : ''}
      </div>
    </div>
  );
}
