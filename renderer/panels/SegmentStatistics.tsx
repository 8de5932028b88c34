// Per-segment statistics on demand (Slicer's Segment Statistics): voxels, volume, mean ± std of the image.
import { useState } from 'react';
import type { ResultOf } from '../../electron/common/contract';
import { client } from '../client/client';
import { reportError } from '../state/errors';
import { useSegments } from '../state/segments';

type Statistics = ResultOf<'segment.statistics'>;

const format = (value: number) => (Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(4).replace(/\.?0+$/, ''));

export function SegmentStatistics() {
  const info = useSegments((state) => state.info);
  const [rows, setRows] = useState<{ revision: number; statistics: Statistics }>();
  if (!info) return null;
  const measure = () =>
    client()
      .call('segment.statistics', { volumeId: info.volumeId })
      .then((statistics) => setRows({ revision: info.revision, statistics }))
      .catch((reason: unknown) => reportError('Segment statistics', reason));
  const stale = rows && rows.revision !== info.revision;
  return (
    <>
      <button onClick={() => void measure()} data-testid="measure-segments">{rows ? (stale ? 'Measure again (segments changed)' : 'Measure again') : 'Measure segments'}</button>
      {rows && (
        <table className="statistics" data-testid="segment-statistics">
          <thead>
            <tr><th>Segment</th><th>Voxels</th><th>Volume</th><th>Mean ± SD</th></tr>
          </thead>
          <tbody>
            {rows.statistics.map((row) => (
              <tr key={row.value}>
                <td>{row.name}</td>
                <td>{row.voxels}</td>
                <td>{format(row.volume)} {row.unit}³</td>
                <td>{row.voxels ? `${format(row.mean)} ± ${format(row.std)}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
