import type { WireError } from './wire.js';

/** An error a user can act on: `kind` for programs, `message` names the file and what was wrong. */
export class VoxbenchError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = kind;
  }
}

export function toWireError(error: unknown): WireError {
  if (error instanceof VoxbenchError) return { kind: error.kind, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'InternalError', message };
}
