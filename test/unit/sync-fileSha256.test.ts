// A file's SHA-256 from its parts as upload lanes read them (sync/fileSha256.ts): whatever order the lanes read
// in, and with parts stored before a resume read for the hash alone, it equals the SHA-256 of the whole file
// hashed in one go; a part waits for the parts before it, and a failed lane fails those waiting.
import { createHash, randomFillSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { FileSha256 } from '../../electron/services/sync/fileSha256';
import { PartHasher } from '../../electron/services/sync/partHasher';

const PART = 1 << 20;
const dir = mkdtempSync(join(tmpdir(), 'voxbench-fileSha256-'));
const bytes = randomFillSync(Buffer.alloc(5 * PART + 100_000)); // 6 parts, the last short
const file = { path: join(dir, 'scan.bin'), size: bytes.length };
writeFileSync(file.path, bytes);
const wholeFile = createHash('sha256').update(bytes).digest('hex');
const hasher = new PartHasher();
afterAll(async () => {
  await hasher.close();
  rmSync(dir, { recursive: true, force: true });
});

const range = (part: number) => ({ start: (part - 1) * PART, length: Math.min(PART, file.size - (part - 1) * PART) });

/** Reads a part as a lane does (its own buffer) and hands it to the hash; resolves once the hash has it. */
async function lane(sha256: FileSha256, part: number): Promise<string> {
  const shared = new SharedArrayBuffer(PART);
  const { md5, streamed } = await hasher.readAndHash({ path: file.path, ...range(part), shared, stream: sha256.stream });
  await sha256.take(part, streamed ? 'taken' : shared);
  return md5;
}

it('parts read in reverse order give the whole file’s SHA-256, and each part’s MD5', async () => {
  const sha256 = new FileSha256(hasher, file, PART, new Set());
  const md5s = await Promise.all([6, 5, 4, 3, 2, 1].map((part) => lane(sha256, part)));
  expect(await sha256.digest()).toBe(wholeFile);
  const { start, length } = range(4);
  expect(md5s[2]).toBe(createHash('md5').update(bytes.subarray(start, start + length)).digest('hex'));
});

it('parts in order, as lanes mostly read them, give the same', async () => {
  const sha256 = new FileSha256(hasher, file, PART, new Set());
  for (const part of [1, 2, 3, 4, 5, 6]) await lane(sha256, part);
  expect(await sha256.digest()).toBe(wholeFile);
});

it('a resume: parts already stored are read for the hash, the others come from the lanes', async () => {
  const sha256 = new FileSha256(hasher, file, PART, new Set([1, 2, 5]));
  await Promise.all([6, 3, 4].map((part) => lane(sha256, part)));
  expect(await sha256.digest()).toBe(wholeFile);
  const allStored = new FileSha256(hasher, file, PART, new Set([1, 2, 3, 4, 5, 6]));
  expect(await allStored.digest()).toBe(wholeFile);
});

it('a part waits for the ones before it; a failed lane fails the parts waiting and the digest', async () => {
  const sha256 = new FileSha256(hasher, file, PART, new Set());
  let thirdTaken = false;
  const third = lane(sha256, 3).then(() => (thirdTaken = true));
  await lane(sha256, 1);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(thirdTaken).toBe(false); // part 2 is still missing
  sha256.abandon(new Error('part 2 failed'));
  await expect(third).rejects.toThrow('part 2 failed');
  await expect(sha256.digest()).rejects.toThrow('part 2 failed');
});
