// The contract entries of the segment domain, spread into electron/contract.ts's one table.
// import { z } from 'zod';
// import { call } from '../contractCall.js';

export const segmentCalls = {};

/** Event streams of the segment domain (event name → payload). */
export type SegmentEvents = Record<never, never>;
