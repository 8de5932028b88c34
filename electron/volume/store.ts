// The volumes open in this session, by id.
import { randomUUID } from 'node:crypto';
import type { VolumeInfo } from '../contract.js';
import { VoxbenchError } from '../errors.js';
import type { ValueStats, VolumeSource } from './model.js';

export interface OpenVolume {
  info: VolumeInfo;
  source: VolumeSource;
}

export class VolumeStore {
  private readonly volumes = new Map<string, OpenVolume>();

  add(source: VolumeSource, { min, max }: ValueStats): VolumeInfo {
    const id = randomUUID().slice(0, 8);
    const info: VolumeInfo = { ...source.meta, id, range: [min, max], voxels: `volume/${id}/voxels` };
    this.volumes.set(id, { info, source });
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
