// An intensity range chosen on the histogram of the volume on screen: bars on a log scale, the chosen range
// shaded, and two fields (or a click: left button sets the low end, Shift+click the high end).
import { useMemo } from 'react';
import { useVolumes } from '../state/volumes';

const BINS = 64;
const W = 240;
const H = 56;

/** Counts of `values` in `bins` equal bins over [min, max]. */
export function histogram(values: ArrayLike<number>, [min, max]: readonly [number, number], bins = BINS): number[] {
  const counts = new Array<number>(bins).fill(0);
  const scale = max > min ? bins / (max - min) : 0;
  for (let n = 0; n < values.length; n++) counts[Math.min(bins - 1, Math.max(0, Math.floor((values[n]! - min) * scale)))]!++;
  return counts;
}

export function RangeHistogram({ value, onChange }: { value: [number, number]; onChange(range: [number, number]): void }) {
  const shown = useVolumes((state) => state.shown);
  const span = shown?.info.range ?? [0, 1];
  const counts = useMemo(() => (shown ? histogram(shown.voxels, shown.info.range) : []), [shown]);
  const top = Math.log1p(Math.max(1, ...counts));
  const x = (v: number) => Math.min(W, Math.max(0, ((v - span[0]) / (span[1] - span[0] || 1)) * W));
  const set = (end: 0 | 1, v: number) => onChange((end ? [value[0], v] : [v, value[1]]).sort((a, b) => a - b) as [number, number]);
  return (
    <div className="range-histogram">
      <svg
        width={W}
        height={H}
        data-testid="histogram"
        onClick={(event) => {
          const box = event.currentTarget.getBoundingClientRect();
          set(event.shiftKey ? 1 : 0, span[0] + ((event.clientX - box.left) / W) * (span[1] - span[0]));
        }}
      >
        <rect x={x(value[0])} width={Math.max(1, x(value[1]) - x(value[0]))} height={H} fill="#1f3a4f" />
        {counts.map((count, bin) => {
          const h = (Math.log1p(count) / top) * H;
          return <rect key={bin} x={(bin * W) / BINS} y={H - h} width={W / BINS - 0.5} height={h} fill="#7d8590" />;
        })}
      </svg>
      <div className="field-row">
        {([0, 1] as const).map((end) => (
          <label key={end} className="value-field">
            {end ? 'to' : 'from'}
            <input type="number" value={value[end]} step="any" data-testid={`range-${end ? 'high' : 'low'}`} onChange={(event) => set(end, Number(event.currentTarget.value))} />
          </label>
        ))}
      </div>
    </div>
  );
}
