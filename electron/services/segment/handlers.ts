// Handlers of the segment domain's contract entries, merged into host.ts's one dispatch.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { HandlersOf, HostContext } from '../handlerTypes.js';
import { workspaceHandlers } from '../workspace/handlers.js';
import type { segmentCalls } from '../../common/segmentCalls.js';
import { jobIds } from '../../common/jobIds.js';
import { exportSegmentation } from './exportSegmentation.js';
import { importLabelFile } from './importLabelFile.js';
import { statisticsCsv } from './statistics.js';
import { surfaceHandlers } from './surface/handlers.js';
import { newSegment } from './table.js';

export function segmentHandlers(context: HostContext): HandlersOf<typeof segmentCalls> {
  const { services, emit } = context;
  const { segments } = services;
  segments.onChange((info, region) => emit('segment.changed', { volumeId: info.volumeId, revision: info.revision, region, info }));
  segments.onProgress((volumeId, done, total, message) => emit('progress', { job: jobIds.segment(volumeId), done, total, message }));
  const info = async (volumeId: string) => segments.of(volumeId).info();

  return {
    'segment.info': ({ volumeId }) => info(volumeId),
    'segment.add': async ({ volumeId, ...wanted }) => (await segments.perform(volumeId, { kind: 'add', segment: newSegment(segments.of(volumeId).segments, wanted) })).info,
    'segment.update': async ({ volumeId, value, visible, ...changes }) => {
      const segmentation = segments.of(volumeId);
      if (Object.keys(changes).length > 0) await segmentation.perform({ kind: 'update', value, changes });
      return visible === undefined ? segmentation.info() : segmentation.setVisible(value, visible);
    },
    'segment.delete': async ({ volumeId, value }) => (await segments.perform(volumeId, { kind: 'delete', value })).info,
    'segment.merge': async ({ volumeId, into, from }) => (await segments.perform(volumeId, { kind: 'merge', into, from: from.filter((value) => value !== into) })).info,
    'segment.apply': ({ volumeId, operation }) => segments.perform(volumeId, { kind: 'edit', edit: operation }),
    'segment.cancel': async ({ volumeId }) => segments.has(volumeId) && segments.of(volumeId).cancel(),
    'segment.undo': ({ volumeId }) => segments.of(volumeId).undo(),
    'segment.redo': ({ volumeId }) => segments.of(volumeId).redo(),
    'segment.log': async ({ volumeId }) => segments.log(volumeId),
    'segment.statistics': ({ volumeId, segments: values }) => segments.statistics(volumeId, values),
    'segment.exportStatistics': async ({ volumeId, path }) => {
      await writeFile(resolve(path), statisticsCsv(await segments.statistics(volumeId)));
      return { path: resolve(path) };
    },
    'segment.export': async ({ volumeId, path }) => {
      await exportSegmentation(services, volumeId, resolve(path));
      return { path: resolve(path) };
    },
    'segment.import': ({ volumeId, path }) => importLabelFile(services, volumeId, path),
    ...workspaceHandlers(context),
    ...surfaceHandlers(context),
  };
}
