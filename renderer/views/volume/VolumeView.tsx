// The 3D view: vtk.js's trackball camera moves it; the preset and shading come from the rendering store.
import { useEffect, useRef, useState } from 'react';
import { useRendering } from '../../state/rendering';
import { slicesShown, useVolumes, type ShownVolume } from '../../state/volumes';
import { registerView } from '../../state/liveViews';
import { overlayText, viewColours } from '../slice/overlayStyle';
import { useElementSize } from '../useElementSize';
import { VolumePipeline } from './volumePipeline';
import { volumePreset } from '../../display/volumePresets';
import { useImageData } from '../vtkImage';

/** `?max3dTexture=N` in the page's address lowers the GPU's 3D texture limit, to see how a small GPU copes. */
const textureLimitOverride = () => Number(new URLSearchParams(location.search).get('max3dTexture')) || Infinity;

export function VolumeView({ volume }: { volume?: ShownVolume }) {
  const element = useRef<HTMLDivElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const pipeline = useRef<VolumePipeline | null>(null);
  const { preset: presetId, shade, transfer: edited } = useRendering();
  const preset = volumePreset(presetId);
  const transfer = edited && edited.volumeId === volume?.full.id ? edited : undefined;
  const [width, height] = useElementSize(element);
  const [subsampled, setSubsampled] = useState<{ dims: number[]; limit: number }>();
  /** The level the view draws (its texture is up), for tests to wait on. */
  const [drawnLevel, setDrawnLevel] = useState<number>();

  useEffect(
    () =>
      registerView('volume', {
        element: element.current!,
        capture: () => pipeline.current?.capture() ?? Promise.reject(new Error('The 3D view has drawn nothing yet.')),
        reset: () => pipeline.current?.resetCamera(),
      }),
    [],
  );

  // A volume's texture (and the view's WebGL context, the first time) comes once the slice views have drawn its
  // full-resolution slices and a frame has shown them: in software GL the 3D view's first draw held the page's thread
  // and the GPU's 0.2-0.4 s, and the slices waited behind it.
  const [shownSlicesOf, setShownSlicesOf] = useState<string>(); // volume id
  const drawable = volume && !volume.standIn && volume.full.id === shownSlicesOf ? volume : undefined;
  const started = shownSlicesOf !== undefined;
  const volumeId = volume?.standIn ? undefined : volume?.full.id;
  useEffect(() => {
    if (!volumeId || volumeId === shownSlicesOf) return;
    let current = true;
    void slicesShown().then(() => current && setShownSlicesOf(volumeId));
    return () => void (current = false);
  }, [volumeId, shownSlicesOf]);
  useEffect(() => {
    if (!started) return;
    const created = new VolumePipeline(container.current!);
    pipeline.current = created;
    return () => {
      created.dispose();
      pipeline.current = null;
    };
  }, [started]);

  // A new volume resets the camera; a new preset or shading keeps it where the user turned it.
  const appearance = useRef({ preset, shade, transfer });
  appearance.current = { preset, shade, transfer };
  const image = useImageData(drawable?.info, drawable?.voxels);
  useEffect(() => {
    if (!pipeline.current) return;
    if (!drawable || !image) {
      pipeline.current.clear(); // a stand-in has no voxels, and a new volume waits for its slices to be on screen
      setSubsampled(undefined);
      setDrawnLevel(undefined);
      return;
    }
    const { fitted, drawn } = pipeline.current.setVolume(drawable.info, image, appearance.current, textureLimitOverride());
    setSubsampled(fitted);
    void drawn.then((done) => done && setDrawnLevel(drawable.level));
  }, [image, started]);
  useEffect(() => {
    if (drawable) pipeline.current?.setAppearance({ preset, shade, transfer });
  }, [preset, shade, transfer]);

  return (
    <div ref={element} className="view volume-view" data-view="volume" data-preset={preset.id} data-level={drawnLevel} data-subsampled={subsampled?.dims.join('x')}>
      <div className="vtk-canvas" ref={container} />
      {volume?.full.pyramidStopped && (
        <div className="view-notice" data-testid="pyramid-stopped">
          No 3D preview: building the pyramid {volume.full.pyramidStopped}. The slices are read from the file.
          <button onClick={() => void useVolumes.getState().buildPyramid(volume.full.id)} data-testid="build-pyramid">
            Build it
          </button>
        </div>
      )}
      {volume?.full.building && !volume.full.pyramidStopped && (
        <div className="view-notice" data-testid="pyramid-building">
          The 3D view fills in when the multiscale pyramid is built (its progress is above). The slices are read from the file meanwhile.
        </div>
      )}
      <svg className="overlay label-only" width={width} height={height} xmlns="http://www.w3.org/2000/svg">
        <text {...overlayText} x={8} y={18} fill={viewColours.volume}>
          3D · {preset.label}
          {transfer ? ' (edited)' : ''}
          {shade ? ' · shaded' : ''}
          {/* A CT preset on data in other units colours the wrong values; say so rather than look broken. */}
          {preset.scale === 'absolute' && volume && volume.info.valueUnit !== 'HU' ? ' · expects HU' : ''}
        </text>
        {subsampled && (
          <text {...overlayText} x={8} y={height - 10} fontSize={11} data-testid="texture-limit">
            3D subsampled to {subsampled.dims.join(' × ')}: the GPU takes 3D textures up to {subsampled.limit} per axis
          </text>
        )}
      </svg>
    </div>
  );
}
