// Handlers of the segment domain's contract entries, merged into host.ts's one dispatch.
import type { HandlersOf, HostContext } from '../handlerTypes.js';
import type { segmentCalls } from './calls.js';

export function segmentHandlers(context: HostContext): HandlersOf<typeof segmentCalls> {
  void context;
  return {};
}
