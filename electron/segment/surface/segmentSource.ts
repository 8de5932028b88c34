// What the surfaces read from the session's segmentations: a volume's labelmap on its grid and its segment table.
import { VoxbenchError } from '../../errors.js';
import type { Services } from '../../services.js';
import type { SegmentedVolume } from './surfaces.js';

// PENDING: the SegmentStore's API (segment-core); replaced by its real call once it lands.
interface PendingStore {
  surfaceSource(volumeId: string): Omit<SegmentedVolume, 'grid'>;
}

export function segmentedVolume(services: Services, volumeId: string): SegmentedVolume {
  const { dims, spacing, origin, direction } = services.volumes.get(volumeId).source.meta;
  const store = (services as Services & { segments?: PendingStore }).segments;
  if (!store) throw new VoxbenchError('NotImplemented', 'Segmentations are not available yet.');
  return { grid: { dims, spacing, origin, direction }, ...store.surfaceSource(volumeId) };
}
