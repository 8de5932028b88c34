// The volumes open in this session, by id.
import { randomUUID } from 'node:crypto';
import type { VolumeInfo, VolumeLevel } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { routes } from '../../common/routes.js';
import type { ValueStats, VolumeMeta, VolumeSource } from './model.js';
import { pyramidLevels } from './pyramid.js';
import { levelGeometry } from './omeZarr.js';
import type { OmeZarrImage } from './omeZarrOpen.js';

export interface OpenVolume {
  info: VolumeInfo;
  source: VolumeSource;
  /** The multiscale pyramid of a large volume; its level n - firstLevel serves VolumeInfo.levels[n], n > 0. */
  pyramid?: OmeZarrImage;
}

type LevelGrid = Pick<VolumeLevel, 'dims' | 'spacing' | 'origin'>;

/** Level 0 (the volume) and the coarser levels, with their geometry and bulk paths. */
function levelsOf(id: string, meta: VolumeMeta, coarser: LevelGrid[]): VolumeLevel[] {
  const full = { dims: meta.dims, spacing: meta.spacing, origin: meta.origin, voxels: routes.volumeVoxels.path({ volumeId: id }) };
  return [full, ...coarser.map((grid, index) => ({ ...grid, voxels: routes.volumeLevel.path({ volumeId: id, level: index + 1 }) }))];
}

/** A pyramid's coarser levels as it stores them (ours, or one written by others opened in place). */
const storedLevels = (pyramid: OmeZarrImage): LevelGrid[] => pyramid.levels.slice(1 - pyramid.firstLevel).map(({ dims, spacing, origin }) => ({ dims, spacing, origin }));

/** The coarser levels a pyramid of `meta` will have once built. */
const plannedLevels = (meta: VolumeMeta): LevelGrid[] => pyramidLevels(meta.dims).slice(1).map((dims, index) => ({ dims, ...levelGeometry(meta, index + 1) }));

export class VolumeStore {
  private readonly volumes = new Map<string, OpenVolume>();

  /** Adds a volume with its pyramid, or with the levels its pyramid will have while it is `building`. */
  add(source: VolumeSource, { min, max }: ValueStats, pyramid?: OmeZarrImage, building = false): VolumeInfo {
    const id = randomUUID().slice(0, 8);
    const { meta } = source;
    const coarser = building ? plannedLevels(meta) : pyramid ? storedLevels(pyramid) : [];
    const info: VolumeInfo = { ...meta, id, range: [min, max], voxels: routes.volumeVoxels.path({ volumeId: id }), levels: levelsOf(id, meta, coarser), ...(building && { building }) };
    this.volumes.set(id, { info, source, pyramid });
    return info;
  }

  /** The pyramid of a volume added while it was building is ready: its levels are served from now on. */
  ready(id: string, pyramid: OmeZarrImage): VolumeInfo {
    const volume = this.get(id);
    const { building: _, ...rest } = volume.info;
    volume.info = { ...rest, range: pyramid.meta.range, levels: levelsOf(id, volume.source.meta, storedLevels(pyramid)) };
    volume.pyramid = pyramid;
    return volume.info;
  }

  /** New arrival count and value range of a volume whose slices arrive; returns what the renderer is told. */
  arriving(id: string, range: [number, number], arrival: VolumeInfo['arrival']): VolumeInfo {
    const volume = this.get(id);
    const { arrival: _, ...rest } = volume.info;
    volume.info = { ...rest, range, ...(arrival && { arrival }) };
    return volume.info;
  }

  /** A volume's background build stopped (`why`), or starts again (undefined): it stays `building` either way. */
  pyramidStopped(id: string, why: string | undefined): VolumeInfo {
    const volume = this.get(id);
    const { pyramidStopped: _, ...rest } = volume.info;
    volume.info = { ...rest, ...(why && { pyramidStopped: why }) };
    return volume.info;
  }

  /** Whether a volume is open (a build may end after its volume closed). */
  has(id: string): boolean {
    return this.volumes.has(id);
  }

  get(id: string): OpenVolume {
    const volume = this.volumes.get(id);
    if (!volume) throw new VoxbenchError('UnknownVolume', `No open volume has id ${id}.`);
    return volume;
  }

  list(): VolumeInfo[] {
    return [...this.volumes.values()].map((volume) => volume.info);
  }

  async close(id: string): Promise<void> {
    const volume = this.get(id);
    this.volumes.delete(id);
    await volume.source.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.volumes.keys()].map((id) => this.close(id)));
  }
}
