// How a contract entry is written, shared by the core table (contract.ts) and each domain's (<domain>Calls.ts).
import { z } from 'zod';

export const noParams = z.object({}).strict();

/** One entry: a params schema, and the result type (type-level only). */
export function call<P extends z.ZodType>(params: P) {
  return { returns: <R>() => ({ params, result: undefined as unknown as R }) };
}
