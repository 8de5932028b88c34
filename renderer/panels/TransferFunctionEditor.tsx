// The 3D view's transfer function over the volume's histogram (log scale): drag the opacity points (value
// across, opacity up), and the colour points along the bar beneath; double-click adds a point, double-click a
// point removes it; a colour point, once clicked, takes its colour from the picker. Starts from the preset.
import { useMemo, useState } from 'react';
import { useRendering, type TransferFunction } from '../state/rendering';
import { useVolumes } from '../state/volumes';
import { histogram, logHeights } from '../display/histogram';
import { placePreset, volumePreset } from '../display/volumePresets';

/** Plot width; PAD on each side keeps the end points whole and grabbable. */
const W = 184;
const PAD = 6;
const H = 90;
const BAR = 14;
const BINS = 98;

type Colour = TransferFunction['colours'][number];
type Dragging = { what: 'opacity' | 'colour'; index: number; pointerId: number };

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
  const { preset, transfer, setTransfer } = useRendering();
  const [dragging, setDragging] = useState<Dragging>();
  const [picked, setPicked] = useState<number>();
  const heights = useMemo(() => shown && logHeights(histogram(shown.voxels, shown.full.range, BINS)), [shown]);
  if (!shown || !heights) return null;

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
    if (what === 'colour') setPicked(index);
  };
  const removeOpacity = (index: number) => points.opacity.length > 2 && setTransfer({ ...points, opacity: points.opacity.filter((_, n) => n !== index) });
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
  const stops = points.colours.map((colour) => ({ offset: toX(colour[0]) / W, colour: hex(colour) }));

  return (
    <div className="tf-editor" data-testid="tf-editor">
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
        {heights.map((height, n) => (
          <rect key={n} x={(n * W) / BINS} y={H - height * H} width={W / BINS} height={height * H} fill="#3a4250" pointerEvents="none" />
        ))}
        <polyline points={points.opacity.map(([value, opacity]) => `${toX(value)},${toY(opacity)}`).join(' ')} fill="none" stroke="#c9d1d9" strokeWidth={1.2} pointerEvents="none" />
        {points.opacity.map(([value, opacity], n) => (
          <circle key={n} cx={toX(value)} cy={toY(opacity)} r={4.5} fill="#c9d1d9" stroke="#15181c" data-testid="tf-opacity-point" onPointerDown={grab('opacity', n)} onDoubleClick={(event) => (event.stopPropagation(), removeOpacity(n))} />
        ))}
        <rect y={H + 4} width={W} height={BAR} fill="url(#tf-colours)" stroke="#2c323a" onDoubleClick={addColour} data-testid="tf-colour-bar" />
        {points.colours.map((colour, n) => (
          <circle key={n} cx={toX(colour[0])} cy={H + 4 + BAR / 2} r={5} fill={hex(colour)} stroke={n === picked ? '#4aa3df' : '#c9d1d9'} strokeWidth={1.5} data-testid="tf-colour-point" onPointerDown={grab('colour', n)} onDoubleClick={(event) => (event.stopPropagation(), removeColour(n))} />
        ))}
        </g>
      </svg>
      <div className="field-row tf-actions">
        {picked !== undefined && points.colours[picked] && (
          <input
            type="color"
            aria-label="Colour of the picked point"
            value={hex(points.colours[picked])}
            onChange={(event) => setTransfer({ ...points, colours: points.colours.map((colour, n) => (n === picked ? [colour[0], ...fromHex(event.currentTarget.value)] : colour)) })}
          />
        )}
        <button disabled={!transfer} data-testid="tf-reset" onClick={() => (setPicked(undefined), setTransfer(undefined))}>
          Back to preset
        </button>
      </div>
    </div>
  );
}
