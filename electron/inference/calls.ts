// The contract entries of the inference domain, spread into electron/contract.ts's one table.
// import { z } from 'zod';
// import { call } from '../contractCall.js';

export const inferenceCalls = {};

/** Event streams of the inference domain (event name → payload). */
export type InferenceEvents = Record<never, never>;
