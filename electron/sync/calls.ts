// The contract entries of the sync domain, spread into electron/contract.ts's one table.
// import { z } from 'zod';
// import { call } from '../contractCall.js';

export const syncCalls = {};

/** Event streams of the sync domain (event name → payload). */
export type SyncEvents = Record<never, never>;
