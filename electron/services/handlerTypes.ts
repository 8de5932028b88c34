// The shape of handlers, shared by host.ts and each domain's <domain>/handlers.ts.
import type { z } from 'zod';
import type { EventName, Events } from '../common/contract.js';
import type { Services } from './services.js';

/** Handlers typed by a table of contract entries: a missing one is a compile error. */
export type HandlersOf<Calls> = {
  [M in keyof Calls]: Calls[M] extends { params: infer P extends z.ZodType; result: infer R } ? (params: z.output<P>) => Promise<R> : never;
};

export type Emit = <E extends EventName>(event: E, data: Events[E]) => void;

/** What a domain's handlers may use: the services, and the event streams to every window. */
export interface HostContext {
  services: Services;
  emit: Emit;
}
