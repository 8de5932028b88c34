// Shared by the segmentation and workspace tests: a host built on temp dirs, calls that throw on errors,
// the labelmap read back over the bulk route, and the scipy/skimage reference script.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import type { ParamsOf, ResultOf, Method } from '../../electron/common/contract';
import { createHost, noDialogs, type Host } from '../../electron/shell/host';
import { createServices } from '../../electron/services/services';
import { generatedDir } from '../fixtures/reference';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const fixture = (name: string) => join(generatedDir, 'segment', name);
export const scratch = mkdtempSync(join(tmpdir(), 'voxbench-segment-'));

export function startHost(): Host {
  return createHost(createServices({ root, transport: 'browser', dialogs: noDialogs, pyramids: { cacheDir: join(scratch, 'pyramids') } }));
}

/** Opens the phantom in a fresh host before a file's tests, hands both to `use`, and closes the host after. */
export function onPhantomHost(use: (host: Host, volumeId: string) => void): void {
  let host: Host | undefined;
  beforeAll(async () => {
    host = startHost();
    use(host, (await call(host, 'volume.open', { path: fixture('phantom.nii.gz') })).id);
  });
  afterAll(() => host?.close());
}

export async function call<M extends Method>(host: Host, method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  const reply = await host.dispatch(method, params);
  if (!reply.ok) throw Object.assign(new Error(`${method}: ${reply.error.kind}: ${reply.error.message}`), { kind: reply.error.kind });
  return reply.result as ResultOf<M>;
}

/** The labelmap as the renderer fetches it. */
export async function labelsOf(host: Host, volumeId: string): Promise<Uint8Array> {
  const response = await host.serveData(`segment/${volumeId}/labels`);
  if (!response.ok) throw new Error(await response.text());
  return new Uint8Array(await response.arrayBuffer());
}

/** Count and SHA-256 of the voxels of `value`, as segment_reference.py summarises a mask. */
export function summary(labels: ArrayLike<number>, value: number): { count: number; sha256: string } {
  const mask = new Uint8Array(labels.length);
  let count = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === value) count += mask[i] = 1;
  return { count, sha256: createHash('sha256').update(mask).digest('hex') };
}

let files = 0;
/** Writes bytes to a scratch file for the reference script. */
export function scratchFile(bytes: Uint8Array, extension = '.raw'): string {
  const path = join(scratch, `data-${files++}${extension}`);
  writeFileSync(path, bytes);
  return path;
}

export function reference<T>(job: Record<string, unknown>): T {
  return JSON.parse(execFileSync('/usr/bin/python3', [join(root, 'test/fixtures/segment_reference.py')], { input: JSON.stringify(job), encoding: 'utf8' })) as T;
}
