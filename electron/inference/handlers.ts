// Handlers of the inference domain's contract entries, merged into host.ts's one dispatch.
import type { HandlersOf, HostContext } from '../handlerTypes.js';
import type { inferenceCalls } from './calls.js';

export function inferenceHandlers(context: HostContext): HandlersOf<typeof inferenceCalls> {
  void context;
  return {};
}
