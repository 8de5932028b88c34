// Handlers of the surface calls, spread into the segment domain's handlers (../handlers.ts).
import { resolve } from 'node:path';
import type { HandlersOf, HostContext } from '../../handlerTypes.js';
import type { surfaceCalls } from '../../../common/surfaceCalls.js';
import { surfacesOf } from './session.js';

export function surfaceHandlers({ services, emit }: HostContext): HandlersOf<typeof surfaceCalls> {
  const surfaces = surfacesOf(services, emit);
  return {
    'surface.build': ({ volumeId, segments, smoothing, maxTriangles }) => surfaces.build(volumeId, segments, { smoothing, maxTriangles }),
    'surface.cancel': async ({ volumeId }) => {
      surfaces.cancel(volumeId);
      return null;
    },
    'surface.export': ({ volumeId, segments, format, path }) => surfaces.exportFile(volumeId, format, resolve(path), segments),
  };
}
