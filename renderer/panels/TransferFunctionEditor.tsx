// The 3D view's transfer function over the volume's histogram: drag the opacity points (value across, opacity
// up), and the colour points along the bar beneath; double-click adds a point, double-click a point removes it;
// a point once clicked can be typed exactly (value, opacity or colour). It fills the panel's width, or grows into
// a large floating editor; counts on a log or a linear axis. Starts from the preset.
import { useMemo, useRef, useState } from 'react';
import { useRendering, type TransferFunction } from '../state/rendering';
import { useVolumes, type ShownVolume } from '../state/volumes';
import { histogram, linearHeights, logHeights } from '../display/histogram';
import { placePreset, volumePreset } from '../display/volumePresets';
import { useElementSize } from '../views/useElementSize';
import { ValueField } from './ValueField';

/** PAD on each side keeps the end points whole and grabbable. */
const PAD = 6;
const BAR = 14;
/** Plot height docked in the panel and enlarged. */
const HEIGHT = { docked: 96, enlarged: 240 };
const BINS = 256;

type Colour = TransferFunction['colours'][number];
type Picked = { what: 'opacity' | 'colour'; index: number };
type Dragging = Picked & { pointerId: number };

const hex = ([, r, g, b]: Colour) => `#${[r, g, b].map((c) => Math.round(c * 255).toString(16).padStart(2, '0')).join('')}`;
const fromHex = (text: string) => [1, 3, 5].map((at) => parseInt(text.slice(at, at + 2), 16) / 255) as [number, number, number];

/** The colour at `value`, between the points either side. */
function colourAt(colours: Colour[], value: number): [number, number, number] {
  const after = colours.findIndex(([at]) => at >= value);
  if (after <= 0) return (colours[after === 0 ? 0 : colours.length - 1]!.slice(1) as [number, number, number]);
  const [a, b] = [colours[after - 1]!, colours[after]!];
  const t = (value - a[0]) / (b[0] - a[0] || 1);
  return [1, 2, 3].map((c) => a[c]! + t * (b[c]! - a[c]!)) as [number, number, number];
}

export function TransferFunctionEditor() {
  const shown = useVolumes((state) => state.shown);
  const [enlarged, setEnlarged] = useState(false);
  const frame = useRef<HTMLDivElement>(null);
  const [width] = useElementSize(frame);
  // The measured element stays the same whether or not a volume is shown, so its size is followed throughout.
  return (
    <div ref={frame} className={`tf-editor${enlarged ? ' enlarged' : ''}`} data-testid="tf-editor">
      {shown && <TransferPlot shown={shown} W={Math.max(60, width - 2 * PAD)} H={enlarged ? HEIGHT.enlarged : HEIGHT.docked} enlarged={enlarged} setEnlarged={setEnlarged} />}
    </div>
  );
}

function TransferPlot({ shown, W, H, enlarged, setEnlarged }: { shown: ShownVolume; W: number; H: number; enlarged: boolean; setEnlarged(enlarged: boolean): void }) {
  const { preset, transfer, setTransfer } = useRendering();
  const [dragging, setDragging] = useState<Dragging>();
  const [picked, setPicked] = useState<Picked>();
  const [logCounts, setLogCounts] = useState(true);
  const counts = useMemo(() => histogram(shown.voxels, shown.full.range, BINS), [shown]);
  const heights = useMemo(() => (logCounts ? logHeights(counts) : linearHeights(counts)), [counts, logCounts]);
  const [low, high] = shown.full.range;
  const span = high - low || 1;
  const points: TransferFunction = transfer?.volumeId === shown.full.id ? transfer : { volumeId: shown.full.id, ...placePreset(volumePreset(preset), [low, high]) };

  const toX = (value: number) => Math.min(W, Math.max(0, ((value - low) / span) * W));
  const toValue = (x: number) => low + (Math.min(W, Math.max(0, x)) / W) * span;
  // Opacities are small numbers (per unit distance): a square-root axis gives the low ones room.
  const toY = (opacity: number) => H - Math.sqrt(Math.min(1, opacity)) * H;
  const toOpacity = (y: number) => ((H - Math.min(H, Math.max(0, y))) / H) ** 2;
  const local = (event: React.PointerEvent | React.MouseEvent) => {
    const box = event.currentTarget.closest('svg')!.getBoundingClientRect();
    return [event.clientX - box.left - PAD, event.clientY - box.top] as const;
  };
  /** A point stays between its neighbours, so the lists stay sorted by value. */
  const between = <T extends number[]>(list: T[], index: number, value: number) =>
    Math.min(list[index + 1]?.[0] ?? Infinity, Math.max(list[index - 1]?.[0] ?? -Infinity, value));

  const move = (event: React.PointerEvent) => {
    if (!dragging || event.pointerId !== dragging.pointerId) return;
    const [x, y] = local(event);
    if (dragging.what === 'opacity') {
      const opacity = points.opacity.map((point, n): [number, number] => (n === dragging.index ? [between(points.opacity, n, toValue(x)), toOpacity(y)] : point));
      setTransfer({ ...points, opacity });
    } else {
      const colours = points.colours.map((point, n): Colour => (n === dragging.index ? [between(points.colours, n, toValue(x)), point[1], point[2], point[3]] : point));
      setTransfer({ ...points, colours });
    }
  };
  const grab = (what: Dragging['what'], index: number) => (event: React.PointerEvent) => {
    event.stopPropagation();
    event.currentTarget.setPointerCapture(event.pointerId); // on the point, so a double-click still reaches it
    setDragging({ what, index, pointerId: event.pointerId });
    setPicked({ what, index });
  };
  const removeOpacity = (index: number) => {
    if (points.opacity.length <= 2) return;
    setPicked(undefined);
    setTransfer({ ...points, opacity: points.opacity.filter((_, n) => n !== index) });
  };
  const removeColour = (index: number) => {
    if (points.colours.length <= 2) return;
    setPicked(undefined);
    setTransfer({ ...points, colours: points.colours.filter((_, n) => n !== index) });
  };
  const addOpacity = (event: React.MouseEvent) => {
    const [x, y] = local(event);
    const opacity = [...points.opacity, [toValue(x), toOpacity(y)] as [number, number]].sort((a, b) => a[0] - b[0]);
    setTransfer({ ...points, opacity });
  };
  const addColour = (event: React.MouseEvent) => {
    const value = toValue(local(event)[0]);
    const colours = [...points.colours, [value, ...colourAt(points.colours, value)] as Colour].sort((a, b) => a[0] - b[0]);
    setTransfer({ ...points, colours });
  };
  /** The picked point typed exactly: its value (kept between its neighbours), opacity or colour. */
  const setValue = (value: number) => {
    if (!picked) return;
    const list: number[][] = picked.what === 'opacity' ? points.opacity : points.colours;
    const moved = list.map((point, n) => (n === picked.index ? [between(list, n, value), ...point.slice(1)] : point));
    setTransfer(picked.what === 'opacity' ? { ...points, opacity: moved as TransferFunction['opacity'] } : { ...points, colours: moved as Colour[] });
  };
  const setOpacity = (opacity: number) =>
    picked && setTransfer({ ...points, opacity: points.opacity.map((point, n): [number, number] => (n === picked.index ? [point[0], Math.min(1, Math.max(0, opacity))] : point)) });
  const pickedPoint = picked && (picked.what === 'opacity' ? points.opacity : points.colours)[picked.index];
  // One path for the bars: a drag re-renders the editor on every move.
  const bars = heights.map((height, n) => `M${((n * W) / BINS).toFixed(1)} ${H}V${(H - height * H).toFixed(1)}h${(W / BINS + 0.3).toFixed(2)}V${H}Z`).join('');
  const stops = points.colours.map((colour) => ({ offset: toX(colour[0]) / W, colour: hex(colour) }));

  return (
    <>
      <svg width={W + 2 * PAD} height={H + BAR + 8} onPointerMove={move} onPointerUp={() => setDragging(undefined)} onPointerCancel={() => setDragging(undefined)}>
        <defs>
          <linearGradient id="tf-colours">
            {stops.map(({ offset, colour }, n) => (
              <stop key={n} offset={offset} stopColor={colour} />
            ))}
          </linearGradient>
        </defs>
        <g transform={`translate(${PAD} 0)`}>
        <rect width={W} height={H} fill="#111418" onDoubleClick={addOpacity} data-testid="tf-opacity-area" />
        <path d={bars} fill="#3a4250" pointerEvents="none" />
        <polyline points={points.opacity.map(([value, opacity]) => `${toX(value)},${toY(opacity)}`).join(' ')} fill="none" stroke="#c9d1d9" strokeWidth={1.2} pointerEvents="none" />
        {points.opacity.map(([value, opacity], n) => (
          <circle key={n} cx={toX(value)} cy={toY(opacity)} r={4.5} fill={picked?.what === 'opacity' && n === picked.index ? '#4aa3df' : '#c9d1d9'} stroke="#15181c" data-testid="tf-opacity-point" onPointerDown={grab('opacity', n)} onDoubleClick={(event) => (event.stopPropagation(), removeOpacity(n))} />
        ))}
        <rect y={H + 4} width={W} height={BAR} fill="url(#tf-colours)" stroke="#2c323a" onDoubleClick={addColour} data-testid="tf-colour-bar" />
        {points.colours.map((colour, n) => (
          <circle key={n} cx={toX(colour[0])} cy={H + 4 + BAR / 2} r={5} fill={hex(colour)} stroke={picked?.what === 'colour' && n === picked.index ? '#4aa3df' : '#c9d1d9'} strokeWidth={1.5} data-testid="tf-colour-point" onPointerDown={grab('colour', n)} onDoubleClick={(event) => (event.stopPropagation(), removeColour(n))} />
        ))}
        </g>
      </svg>
      {pickedPoint && (
        <div className="field-row tf-point" data-testid="tf-point">
          <ValueField label="Value" value={pickedPoint[0]} testId="tf-point-value" onCommit={setValue} />
          {picked.what === 'opacity' ? (
            <ValueField label="Opacity" value={pickedPoint[1]} testId="tf-point-opacity" onCommit={setOpacity} />
          ) : (
            <input
              type="color"
              aria-label="Colour of the picked point"
              value={hex(pickedPoint as Colour)}
              onChange={(event) => setTransfer({ ...points, colours: points.colours.map((colour, n) => (n === picked.index ? [colour[0], ...fromHex(event.currentTarget.value)] : colour)) })}
            />
          )}
        </div>
      )}
      <div className="field-row tf-actions">
        <label className="check" title="Counts on a log axis show small peaks beside a huge one">
          <input type="checkbox" checked={logCounts} data-testid="tf-log" onChange={(event) => setLogCounts(event.currentTarget.checked)} />
          Log counts
        </label>
        <button data-testid="tf-enlarge" aria-pressed={enlarged} onClick={() => setEnlarged(!enlarged)}>
          {enlarged ? 'Dock' : 'Enlarge'}
        </button>
        <button disabled={!transfer} data-testid="tf-reset" onClick={() => (setPicked(undefined), setTransfer(undefined))}>
          Back to preset
        </button>
      </div>
    </>
  );
}
