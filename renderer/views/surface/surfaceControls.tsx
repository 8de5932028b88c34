// SurfaceView's own controls, over its top-right corner: each segment's visibility and opacity, the clipping
// plane, and export of the surfaces to STL or glTF (downloaded from the bulk route).
import { client } from '../../client/client';
import { download } from '../../client/download';
import { routes } from '../../../electron/common/routes';
import { useVolumes } from '../../state/volumes';
import type { LoadedSurface } from './surfaceMeshes';
import { useSurfaceSettings } from '../../state/surfaceSettings';

const panel: React.CSSProperties = {
  position: 'absolute',
  top: 6,
  right: 6,
  maxWidth: 220,
  padding: '6px 8px',
  background: 'rgba(13, 17, 23, 0.82)',
  border: '1px solid #30363d',
  borderRadius: 4,
  color: '#c9d1d9',
  font: "11px system-ui, 'DejaVu Sans', sans-serif",
  display: 'grid',
  gap: 4,
};
const row: React.CSSProperties = { display: 'flex', alignItems: 'center', gap: 6 };
const axes = ['L–R', 'A–P', 'S–I'] as const;

export function SurfaceControls({ volumeId, surfaces }: { volumeId: string; surfaces: LoadedSurface[] }) {
  const fail = useVolumes((state) => state.fail);
  const { opacity, setOpacity, clip, setClip } = useSurfaceSettings();
  const setVisible = (value: number, visible: boolean) => void client().call('segment.update', { volumeId, value, visible }).catch(fail);

  return (
    <div style={panel} onDoubleClick={(event) => event.stopPropagation()} data-surface-controls>
      {surfaces.map(({ info, segment }) => (
        <label key={info.value} style={row} title={`${info.triangles} triangles · ${info.volumeMm3.toFixed(0)} mm³`}>
          <input type="checkbox" checked={segment.visible} onChange={(event) => setVisible(info.value, event.target.checked)} />
          <span style={{ width: 10, height: 10, background: `rgb(${segment.color.join(',')})`, flex: 'none' }} />
          <span style={{ flex: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{segment.name}</span>
          <input
            type="range"
            min={0.1}
            max={1}
            step={0.05}
            value={opacity[info.value] ?? 1}
            aria-label={`Opacity of ${segment.name}`}
            style={{ width: 60 }}
            onChange={(event) => setOpacity(info.value, Number(event.target.value))}
          />
        </label>
      ))}
      <div style={row}>
        <label style={row}>
          <input type="checkbox" checked={clip.enabled} onChange={(event) => setClip({ enabled: event.target.checked })} />
          Clip
        </label>
        <select value={clip.axis} disabled={!clip.enabled} onChange={(event) => setClip({ axis: Number(event.target.value) as 0 | 1 | 2 })} aria-label="Clipping plane axis">
          {axes.map((name, axis) => (
            <option key={name} value={axis}>
              {name}
            </option>
          ))}
        </select>
        <button type="button" disabled={!clip.enabled} onClick={() => setClip({ flip: !clip.flip })} title="Keep the other side">
          ⇄
        </button>
      </div>
      {clip.enabled && (
        <input type="range" min={0} max={1} step={0.01} value={clip.at} aria-label="Clipping plane position" onChange={(event) => setClip({ at: Number(event.target.value) })} />
      )}
      {surfaces.length > 0 && (
        <div style={row}>
          Export
          <button type="button" onClick={() => download(client().dataUrl(routes.surfaceExport.path({ volumeId, format: 'stl' })), 'segments.stl')}>
            STL
          </button>
          <button type="button" onClick={() => download(client().dataUrl(routes.surfaceExport.path({ volumeId, format: 'glb' })), 'segments.glb')}>
            glTF
          </button>
        </div>
      )}
    </div>
  );
}
