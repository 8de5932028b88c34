// The shown volume's segment surfaces as three.js geometries: built on the main side (surface.build) whenever
// the segmentation changes, their bytes fetched from the bulk route; geometries are reused while a mesh path holds.
import { useEffect, useRef, useState } from 'react';
import { BufferAttribute, BufferGeometry } from 'three';
import type { ResultOf, VolumeInfo } from '../../../electron/common/contract';
import { client } from '../../client/client';
import { jobIds } from '../../../electron/common/jobIds';
import { track } from '../../state/jobs';

type SurfaceInfo = ResultOf<'surface.build'>[number];
type SegmentInfo = ResultOf<'segment.info'>['segments'][number];

export interface LoadedSurface {
  info: SurfaceInfo;
  segment: SegmentInfo;
  geometry: BufferGeometry;
}

export interface SurfacesState {
  surfaces: LoadedSurface[];
  /** 'building' while the main side meshes, 'ready', or the error in words. */
  status: string;
}

async function loadGeometry(info: SurfaceInfo): Promise<BufferGeometry> {
  const response = await fetch(client().dataUrl(info.mesh));
  if (!response.ok) throw new Error(`Surface of ${info.name}: the host answered ${response.status} ${await response.text()}`);
  const buffer = await response.arrayBuffer();
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(new Float32Array(buffer, 0, 3 * info.vertices), 3));
  geometry.setIndex(new BufferAttribute(new Uint32Array(buffer, 12 * info.vertices, 3 * info.triangles), 1));
  geometry.computeVertexNormals();
  geometry.computeBoundingSphere();
  return geometry;
}

/** Keeps the surfaces of `volume`'s segments current while `active`. */
export function useSurfaces(volume: VolumeInfo | undefined, active: boolean): SurfacesState {
  const [state, setState] = useState<SurfacesState>({ surfaces: [], status: 'ready' });
  const geometries = useRef(new Map<string, BufferGeometry>());

  useEffect(() => {
    if (!volume || !active) return;
    const volumeId = volume.id;
    let latest = 0;
    const refresh = async () => {
      const ask = ++latest;
      setState((previous) => ({ ...previous, status: 'building' }));
      try {
        const { segments } = await client().call('segment.info', { volumeId });
        const infos = segments.length ? await track({ id: jobIds.surfaces(volumeId), kind: 'surfaces', label: 'Building segment surfaces' }, () => client().call('surface.build', { volumeId })) : [];
        const loaded = await Promise.all(
          infos.map(async (info) => {
            const geometry = geometries.current.get(info.mesh) ?? (await loadGeometry(info));
            return { info, segment: segments.find((s) => s.value === info.value)!, geometry };
          }),
        );
        if (ask !== latest) return;
        const kept = new Set(loaded.map(({ info }) => info.mesh));
        for (const [path, geometry] of geometries.current) if (!kept.has(path)) geometry.dispose();
        geometries.current = new Map(loaded.map(({ info, geometry }) => [info.mesh, geometry]));
        setState({ surfaces: loaded, status: 'ready' });
      } catch (error) {
        // A newer change superseded this build; its own refresh reports.
        if (ask === latest && (error as { kind?: string }).kind !== 'Cancelled') setState((previous) => ({ ...previous, status: (error as Error).message }));
      }
    };
    void refresh();
    const off = client().on('segment.changed', (change) => change.volumeId === volumeId && void refresh());
    return () => {
      latest = -1;
      off();
    };
  }, [volume, active]);

  useEffect(() => () => geometries.current.forEach((geometry) => geometry.dispose()), []);
  return state;
}
