// What the web host checks before anything else: that a request's URL parses and that it carries the token.
// Both take any bytes a client sends and answer; neither throws.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The request's URL, or undefined where it does not parse (`GET http://[`): the caller answers 400. */
export function requestUrl(req: IncomingMessage, origin: string): URL | undefined {
  try {
    return new URL(req.url ?? '/', origin);
  } catch {
    return undefined;
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares digests, not the strings: equal lengths whatever the characters (timingSafeEqual throws on unequal ones). */
export function sameToken(given: string | null | undefined, token: string): boolean {
  return typeof given === 'string' && timingSafeEqual(digest(given), digest(token));
}
