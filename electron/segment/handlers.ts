// Handlers of the segment domain's contract entries, merged into host.ts's one dispatch.
import { VoxbenchError } from '../errors.js';
import type { HandlersOf, HostContext } from '../handlerTypes.js';
import { segmentCalls } from './calls.js';

export function segmentHandlers(context: HostContext): HandlersOf<typeof segmentCalls> {
  void context;
  const notYet = async () => {
    throw new VoxbenchError('NotImplemented', 'Segmentation is being built.');
  };
  return Object.fromEntries(Object.keys(segmentCalls).map((method) => [method, notYet])) as unknown as HandlersOf<typeof segmentCalls>;
}
