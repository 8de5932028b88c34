// The segment table: colour swatch (pick to recolour), name (double-click to rename), visibility eye and lock.
// A click makes a segment active; Ctrl+click marks segments to merge into the active one.
import { useState } from 'react';
import { useSegments } from '../state/segments';
import { EyeIcon, LockIcon } from './segmentIcons';
import type { SegmentInfo } from '../tools/segment/segmentTool';

const hex = (color: readonly number[]) => `#${color.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
const rgb = (value: string): [number, number, number] => [1, 3, 5].map((at) => parseInt(value.slice(at, at + 2), 16)) as [number, number, number];

function Row({ segment, marked, onMark }: { segment: SegmentInfo; marked: boolean; onMark(): void }) {
  const { active, setActive, update } = useSegments();
  const [editing, setEditing] = useState(false);
  return (
    <tr
      className={`${segment.value === active ? 'active' : ''} ${marked ? 'marked' : ''}`}
      data-segment={segment.value}
      onClick={(event) => (event.ctrlKey || event.metaKey ? onMark() : setActive(segment.value))}
    >
      <td>
        <input type="color" className="swatch" value={hex(segment.color)} title="Colour" onChange={(event) => void update(segment.value, { color: rgb(event.currentTarget.value) })} />
      </td>
      <td className="name" onDoubleClick={() => setEditing(true)} title="Double-click to rename">
        {editing ? (
          <input
            autoFocus
            defaultValue={segment.name}
            onBlur={(event) => {
              setEditing(false);
              const name = event.currentTarget.value.trim();
              if (name && name !== segment.name) void update(segment.value, { name });
            }}
            onKeyDown={(event) => event.key === 'Enter' && event.currentTarget.blur()}
          />
        ) : (
          segment.name
        )}
      </td>
      <td>
        <button className="icon" aria-pressed={segment.visible} data-testid="visibility" title={segment.visible ? 'Hide' : 'Show'} onClick={() => void update(segment.value, { visible: !segment.visible })}>
          <EyeIcon open={segment.visible} />
        </button>
      </td>
      <td>
        <button className="icon" aria-pressed={segment.locked} data-testid="lock" title={segment.locked ? 'Unlock' : 'Lock (no tool overwrites it)'} onClick={() => void update(segment.value, { locked: !segment.locked })}>
          <LockIcon locked={segment.locked} />
        </button>
      </td>
    </tr>
  );
}

export function SegmentTable() {
  const { info, active, add, remove, merge } = useSegments();
  const [marked, setMarked] = useState<number[]>([]);
  const segments = info?.segments ?? [];
  const toMerge = marked.filter((value) => value !== active && segments.some((segment) => segment.value === value));
  return (
    <>
      <table className="segment-table" data-testid="segment-table">
        <tbody>
          {segments.map((segment) => (
            <Row
              key={segment.value}
              segment={segment}
              marked={marked.includes(segment.value)}
              onMark={() => setMarked(marked.includes(segment.value) ? marked.filter((value) => value !== segment.value) : [...marked, segment.value])}
            />
          ))}
        </tbody>
      </table>
      <div className="field-row">
        <button onClick={() => void add()} disabled={!info} data-testid="add-segment">Add</button>
        <button onClick={() => active !== undefined && void remove(active)} disabled={active === undefined}>Delete</button>
        <button
          title="Merge the Ctrl+clicked segments into the active one"
          disabled={active === undefined || toMerge.length === 0}
          onClick={() => {
            void merge(active!, toMerge);
            setMarked([]);
          }}
        >
          Merge
        </button>
      </div>
    </>
  );
}
