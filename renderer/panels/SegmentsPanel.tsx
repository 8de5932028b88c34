// Slicer's Segment Editor in one panel: the segment table, the tools from the one registry with the chosen
// tool's options, undo/redo, and how the segments are drawn over the slices.
import { useEffect } from 'react';
import { keyHint } from '../keys/shortcuts';
import { useSegments } from '../state/segments';
import { useVolumes } from '../state/volumes';
import type { SegmentToolId } from '../tools/segment/segmentTool';
import { segmentTools, toolById } from '../tools/segment/segmentTools';
import { useSegmentKeys } from './segmentKeys';
import { SegmentExport } from './SegmentExport';
import { SegmentStatistics } from './SegmentStatistics';
import { SegmentTable } from './SegmentTable';
import { ToolOptions } from './ToolOptions';

/** Ranges start at the upper half of the volume's values, as a first guess at "the bright thing". */
function initialRanges(range: [number, number]): void {
  const { params, setParam } = useSegments.getState();
  for (const tool of segmentTools) {
    if ('range' in params[tool.id]) setParam(tool.id, 'range', [(range[0] + range[1]) / 2, range[1]]);
  }
}

export function SegmentsPanel() {
  const shown = useVolumes((state) => state.shown);
  const { info, tool, setTool, undo, redo, opacity, outline, setLook, painting } = useSegments();
  const volumeId = shown?.full.id;

  useEffect(() => {
    if (!volumeId) return useSegments.getState().detach();
    initialRanges(useVolumes.getState().shown!.full.range);
    void useSegments.getState().attach(volumeId);
  }, [volumeId]);
  useSegmentKeys();

  const choose = (id: SegmentToolId) => setTool(tool === id ? undefined : id);
  return (
    <aside className="panel segments-panel" data-testid="segments-panel" data-revision={info?.revision} data-painting={painting || undefined}>
      <h2>Segments</h2>
      <SegmentTable />
      <h2>Tools</h2>
      <div className="tool-grid">
        {segmentTools.map((entry) => (
          <button
            key={entry.id}
            aria-pressed={tool === entry.id}
            data-segment-tool={entry.id}
            title={`${entry.label}${entry.key ? keyHint(entry.key) : ''}`}
            onClick={() => choose(entry.id)}
          >
            <span className="tool-icon">{entry.icon}</span> {entry.label}
          </button>
        ))}
      </div>
      {tool && <ToolOptions tool={toolById(tool)} />}
      <div className="field-row">
        <button disabled={!info?.canUndo} onClick={() => void undo()} title={`Undo ${info?.undoLabel ?? ''}${keyHint('undoEdit')}`} data-testid="undo">
          ↶ Undo
        </button>
        <button disabled={!info?.canRedo} onClick={() => void redo()} title={`Redo ${info?.redoLabel ?? ''}${keyHint('redoEdit')}`} data-testid="redo">
          ↷ Redo
        </button>
      </div>
      <h2>Display</h2>
      <label className="value-field">
        Opacity
        <input type="range" min={0} max={1} step={0.05} value={opacity} onChange={(event) => setLook({ opacity: Number(event.currentTarget.value) })} />
      </label>
      <label className="check-field">
        <input type="checkbox" checked={outline} onChange={(event) => setLook({ outline: event.currentTarget.checked })} />
        Outlines only{keyHint('toggleOutline')}
      </label>
      <h2>Statistics</h2>
      <SegmentStatistics />
      <h2>Export</h2>
      <SegmentExport />
    </aside>
  );
}
