// The segments' surfaces in 3D (three.js through @react-three/fiber): one mesh per visible segment in its
// colour and opacity, orbit controls, a headlight for a dark background, and an optional clipping plane.
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef, useState } from 'react';
import { DoubleSide, Plane, Vector3, type DirectionalLight, type PerspectiveCamera } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { VolumeInfo } from '../../../electron/common/contract';
import type { ShownVolume } from '../../state/volumes';
import { liveView, registerView } from '../../state/liveViews';
import { overlayText, viewColours } from '../slice/overlayStyle';
import { surfaceCamera, volumeBounds, type Vec3 } from '../../geometry/surfaceCamera';
import { type LoadedSurface, useSurfaces } from './surfaceMeshes';
import { SurfaceControls } from './surfaceControls';
import { useSurfaceSettings, type ClipPlane } from '../../state/surfaceSettings';
import { useElementSize } from '../useElementSize';

/** Puts the camera in front of the volume on a new volume (and on reset); the user orbits it from there. */
function CameraRig({ volume, onReset }: { volume: VolumeInfo; onReset: (reset: () => void) => void }) {
  const { camera, gl, invalidate } = useThree();
  const light = useRef<DirectionalLight>(null);
  const orbit = useRef<OrbitControls | null>(null);
  useEffect(() => {
    const start = surfaceCamera(volumeBounds(volume));
    const controls = new OrbitControls(camera, gl.domElement);
    orbit.current = controls;
    const reset = () => {
      const perspective = camera as PerspectiveCamera;
      Object.assign(perspective, { fov: start.fov, near: start.near, far: start.far });
      perspective.up.set(...start.up);
      perspective.position.set(...start.position);
      controls.target.set(...start.target);
      perspective.updateProjectionMatrix();
      controls.update();
      invalidate();
    };
    reset();
    onReset(reset);
    controls.addEventListener('change', () => invalidate());
    return () => controls.dispose();
  }, [volume, camera, gl, invalidate, onReset]);
  // A headlight: the light sits at the camera, so what faces the user is lit however they turn it.
  useFrame(() => {
    if (!light.current || !orbit.current) return;
    light.current.position.copy(camera.position);
    light.current.target.position.copy(orbit.current.target);
    light.current.target.updateMatrixWorld();
  });
  return <directionalLight ref={light} intensity={2.2} />;
}

function clippingPlanes(clip: ClipPlane, volume: VolumeInfo): Plane[] {
  if (!clip.enabled) return [];
  const { min, max } = volumeBounds(volume);
  const at = min[clip.axis] + clip.at * (max[clip.axis] - min[clip.axis]);
  const normal = new Vector3(...([0, 1, 2].map((a) => (a === clip.axis ? (clip.flip ? 1 : -1) : 0)) as Vec3));
  // three keeps what lies on the normal's side: n·x + c ≥ 0.
  return [new Plane(normal, clip.flip ? -at : at)];
}

function SurfaceMesh({ surface, opacity, planes }: { surface: LoadedSurface; opacity: number; planes: Plane[] }) {
  const [r, g, b] = surface.segment.color;
  return (
    <mesh geometry={surface.geometry} renderOrder={opacity < 1 ? 1 : 0}>
      <meshStandardMaterial
        color={`rgb(${r}, ${g}, ${b})`}
        opacity={opacity}
        transparent={opacity < 1}
        depthWrite={opacity >= 1}
        side={DoubleSide}
        roughness={0.55}
        metalness={0}
        clippingPlanes={planes}
      />
    </mesh>
  );
}

export function SurfaceView({ volume, active }: { volume?: ShownVolume; active: boolean }) {
  const element = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const reset = useRef<() => void>(() => undefined);
  const full = volume?.full;
  const { surfaces, status } = useSurfaces(full, active);
  const { opacity, clip } = useSurfaceSettings();
  const planes = useMemo(() => (full ? clippingPlanes(clip, full) : []), [clip, full]);
  const [width, height] = useElementSize(element);
  const onReset = useMemo(() => (fn: () => void) => (reset.current = fn), []);
  // Once shown, the canvas stays (a WebGL context is costly to rebuild).
  const [started, setStarted] = useState(active);
  if (active && !started) setStarted(true);

  // While shown, screenshots and the reset key of the 3D cell reach this view instead of the volume rendering.
  useEffect(() => {
    if (!active) return;
    const volumeRendering = liveView('volume');
    const capture = () => new Promise<string>((resolve) => requestAnimationFrame(() => resolve(canvas.current!.toDataURL('image/png'))));
    const unregister = registerView('volume', { element: element.current!, capture, reset: () => reset.current() });
    return () => {
      unregister();
      if (volumeRendering) registerView('volume', volumeRendering);
    };
  }, [active]);

  const visible = surfaces.filter(({ segment }) => segment.visible);
  return (
    <div ref={element} className="view surface-view" data-view="surfaces" data-surfaces={visible.length} data-status={status} hidden={!active}>
      {started && full && (
        <Canvas ref={canvas} frameloop="demand" gl={{ preserveDrawingBuffer: true, localClippingEnabled: true, antialias: true }} style={{ position: 'absolute', inset: 0 }}>
          {/* Opaque, as the other views: see-through surfaces blend with the view's black, also in screenshots. */}
          <color attach="background" args={['#000']} />
          <CameraRig volume={full} onReset={onReset} />
          <hemisphereLight args={['#dfe6ee', '#20242a', 0.9]} />
          {visible.map((surface) => (
            <SurfaceMesh key={surface.info.mesh} surface={surface} opacity={opacity[surface.info.value] ?? 1} planes={planes} />
          ))}
        </Canvas>
      )}
      <svg className="overlay label-only" width={width} height={height} xmlns="http://www.w3.org/2000/svg" style={{ pointerEvents: 'none' }}>
        <text {...overlayText} x={8} y={18} fill={viewColours.volume}>
          3D · Surfaces{status === 'building' ? ' · building…' : status !== 'ready' ? ` · ${status}` : surfaces.length === 0 ? ' · no segments' : ''}
        </text>
      </svg>
      {active && full && <SurfaceControls volumeId={full.id} surfaces={surfaces} />}
    </div>
  );
}
