// The 3D cell of the layout: the volume rendering or the segments' surfaces, switched by a small toggle.
// Both views stay mounted once shown (a WebGL context is costly to rebuild); the hidden one is not drawn. The
// surfaces' code (three.js) loads when they are first shown, not with the page: the slices come sooner.
import { lazy, Suspense, useState } from 'react';
import type { ShownVolume } from '../../state/volumes';
import { useSurfaceSettings, type ThreeDMode } from '../../state/surfaceSettings';
import { VolumeView } from '../volume/VolumeView';

const SurfaceView = lazy(() => import('./SurfaceView').then(({ SurfaceView }) => ({ default: SurfaceView })));

const modes: { mode: ThreeDMode; label: string }[] = [
  { mode: 'volume', label: 'Volume' },
  { mode: 'surfaces', label: 'Surfaces' },
];

export function ThreeDCell({ volume }: { volume?: ShownVolume }) {
  const { mode, setMode } = useSurfaceSettings();
  const [surfacesShown, setSurfacesShown] = useState(mode === 'surfaces');
  if (mode === 'surfaces' && !surfacesShown) setSurfacesShown(true);
  return (
    <>
      <div style={{ position: 'absolute', inset: 0, visibility: mode === 'volume' ? 'visible' : 'hidden' }}>
        <VolumeView volume={volume} />
      </div>
      {surfacesShown && (
        <Suspense fallback={null}>
          <SurfaceView volume={volume} active={mode === 'surfaces'} />
        </Suspense>
      )}
      <div role="radiogroup" aria-label="3D view shows" style={{ position: 'absolute', left: 6, bottom: 6, display: 'flex', zIndex: 2 }} onDoubleClick={(event) => event.stopPropagation()}>
        {modes.map(({ mode: choice, label }) => (
          <button
            key={choice}
            type="button"
            role="radio"
            aria-checked={mode === choice}
            data-three-d-mode={choice}
            onClick={() => setMode(choice)}
            style={{
              font: "11px system-ui, 'DejaVu Sans', sans-serif",
              padding: '2px 8px',
              color: mode === choice ? '#0d1117' : '#c9d1d9',
              background: mode === choice ? '#7d8590' : 'rgba(13, 17, 23, 0.82)',
              border: '1px solid #30363d',
            }}
          >
            {label}
          </button>
        ))}
      </div>
    </>
  );
}
