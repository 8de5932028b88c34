// Handlers of the sync domain's contract entries, merged into host.ts's one dispatch.
import type { HandlersOf, HostContext } from '../handlerTypes.js';
import type { syncCalls } from './calls.js';

export function syncHandlers(context: HostContext): HandlersOf<typeof syncCalls> {
  void context;
  return {};
}
