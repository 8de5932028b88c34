// Erase: a brush stroke clears `segment` only, or every unlocked segment when it is absent.
import { z } from 'zod';
import { segment, stroke } from './fields.js';

export const eraseSchema = z.object({ tool: z.literal('erase'), segment: segment.optional(), ...stroke }).strict();
