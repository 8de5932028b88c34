// The volumes open in this session, by id.
import { randomUUID } from 'node:crypto';
import type { VolumeInfo } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { routes } from '../../common/routes.js';
import type { ValueStats, VolumeSource } from './model.js';
import type { OmeZarrImage } from './omeZarrOpen.js';

export interface OpenVolume {
  info: VolumeInfo;
  source: VolumeSource;
  /** The multiscale pyramid of a large volume; its level n > 0 serves VolumeInfo.levels[n]. */
  pyramid?: OmeZarrImage;
}

export class VolumeStore {
  private readonly volumes = new Map<string, OpenVolume>();

  add(source: VolumeSource, { min, max }: ValueStats, pyramid?: OmeZarrImage): VolumeInfo {
    const id = randomUUID().slice(0, 8);
    const { meta } = source;
    const voxels = routes.volumeVoxels.path({ volumeId: id });
    const coarser = (pyramid?.levels ?? []).slice(1).map(({ dims, spacing, origin }, index) => ({
      dims,
      spacing,
      origin,
      voxels: routes.volumeLevel.path({ volumeId: id, level: index + 1 }),
    }));
    const levels = [{ dims: meta.dims, spacing: meta.spacing, origin: meta.origin, voxels }, ...coarser];
    const info: VolumeInfo = { ...meta, id, range: [min, max], voxels, levels };
    this.volumes.set(id, { info, source, pyramid });
    return info;
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
