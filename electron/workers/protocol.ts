// The one message protocol between a worker client and its thread. Each worker declares its calls once
// (request, reply and progress per op); its entry (serveRequests) and its adapter (WorkerClient) share that type.
import type { WireError } from '../common/contract.js';

/** A worker's calls by op: what a request carries, what it replies, what its progress messages carry. */
export type Calls = Record<string, { request: unknown; reply: unknown; progress?: unknown }>;

export type ProgressOf<C extends Calls, K extends keyof C> = C[K] extends { progress: infer P } ? P : never;

export type ToWorker = { id: number; op: string; params: unknown } | { cancel: number };

/** `ready` is posted once, when the thread listens. */
export type FromWorker = { ready: true } | { id: number; progress: unknown } | { id: number; ok: true; result: unknown } | { id: number; ok: false; error: WireError };
