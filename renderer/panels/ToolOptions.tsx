// The chosen tool's parameters, drawn from its registry entry, with Apply (and progress and Cancel while it runs).
import { jobIds } from '../../electron/common/jobIds';
import { useJob } from '../state/jobs';
import { useSegments } from '../state/segments';
import { useVolumes } from '../state/volumes';
import { toolContext } from '../tools/segment/segmentPointer';
import type { AnySegmentTool, ParamField, ParamValue, ToolValues } from '../tools/segment/segmentTool';
import { JobProgress } from './JobProgress';
import { RangeHistogram } from './RangeHistogram';

function Field({ field, value, onChange }: { field: ParamField; value: ParamValue; onChange(value: ParamValue): void }) {
  const { info } = useSegments();
  // Lengths are in the volume's own unit (mm for scans, µm for tomograms, voxels for an uncalibrated file).
  const unit = useVolumes((state) => state.shown?.full.unit);
  const id = `param-${field.key}`;
  switch (field.kind) {
    case 'number':
      return (
        <label className="value-field">
          {field.label}
          <input type="number" min={field.min} max={field.max} step={field.step} value={Number(value)} data-testid={id} onChange={(event) => onChange(Number(event.currentTarget.value))} />
          {field.unit && (unit === 'voxel' ? 'voxels' : (unit ?? field.unit))}
        </label>
      );
    case 'check':
      return (
        <label className="check-field">
          <input type="checkbox" checked={Boolean(value)} data-testid={id} onChange={(event) => onChange(event.currentTarget.checked)} />
          {field.label}
        </label>
      );
    case 'choice':
      return (
        <label className="value-field">
          {field.label}
          <select value={String(value)} data-testid={id} onChange={(event) => onChange(field.options[event.currentTarget.selectedIndex]![0])}>
            {field.options.map(([option, label]) => (
              <option key={option} value={option}>{label}</option>
            ))}
          </select>
        </label>
      );
    case 'segment':
      return (
        <label className="value-field">
          {field.label}
          <select value={String(value)} data-testid={id} onChange={(event) => onChange(Number(event.currentTarget.value))}>
            <option value="0">—</option>
            {info?.segments.map((segment) => (
              <option key={segment.value} value={segment.value}>{segment.name}</option>
            ))}
          </select>
        </label>
      );
    case 'range':
      return <RangeHistogram value={value as [number, number]} onChange={onChange} />;
  }
}

export function ToolOptions({ tool }: { tool: AnySegmentTool }) {
  const { params, setParam, apply, seeds, setSeeds } = useSegments();
  const running = useJob(useSegments((state) => state.info && jobIds.segment(state.info.volumeId)));
  const full = useVolumes((state) => state.shown?.full);
  const values: ToolValues = params[tool.id];
  const context = full && toolContext(full);
  const blocked = context && tool.blocked?.(values, context);
  return (
    <div className="tool-options" data-tool={tool.id}>
      {tool.fields.map((field) => (
        <Field key={field.key} field={field} value={values[field.key]!} onChange={(value) => setParam(tool.id, field.key, value)} />
      ))}
      {tool.pointing === 'seed' && (
        <div className="field-row">
          <span className="hint" data-testid="seed-count">{seeds.length} seed{seeds.length === 1 ? '' : 's'}</span>
          <button onClick={() => setSeeds([])} disabled={!seeds.length}>Clear seeds</button>
        </div>
      )}
      {blocked && <p className="hint">{blocked}</p>}
      {tool.applies && !running && (
        <button
          className="primary"
          data-testid="apply-tool"
          disabled={!context || Boolean(blocked)}
          onClick={() => {
            const operation = context && tool.operation(values, context);
            if (operation) void apply(operation);
          }}
        >
          Apply
        </button>
      )}
      {running && <JobProgress job={running} testId="tool-running" />}
    </div>
  );
}
