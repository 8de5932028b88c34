// Fuzzing the scan readers. Every fixture openScan reads, cut short, bit-flipped or given absurd header
// fields, must give a volume whose voxels add up or a typed error naming the file: never another
// exception, a hang, an allocation the header talked the reader into, or a reader that no longer opens
// the next, undamaged file. New formats join by having a fixture under generated/ that openScan reads.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { openScan } from '../../electron/services/io/registry';
import { generatedDir } from '../fixtures/reference';
import { ask, hasReader, restartReader, type Outcome } from './fuzzReader';

/** Enough to cover every kind of fixture without fuzzing each slice of every series. */
const FIXTURES_PER_FORMAT = 16;

type Random = () => number;

/** mulberry32 seeded by the FNV-1a hash of a name: the same cases on every run and machine. */
function seededRandom(seed: string): Random {
  let state = 2166136261;
  for (const char of seed) state = Math.imul(state ^ char.charCodeAt(0), 16777619);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const below = (random: Random, n: number) => Math.floor(random() * n);
const times = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));

// ── Fixtures: every file under generated/ that openScan reads ────────────────────────────────────────

interface Fixture {
  path: string;
  id: string;
  format: string;
  /** The bytes as stored, and inflated when the file is gzip. */
  stored: Uint8Array;
  content: Uint8Array;
  gzip: boolean;
  baseline: Outcome;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

/** The format openScan reads a file as, or undefined. */
const formatOf = (path: string) =>
  openScan(path).then(
    async (source) => (await source.close(), source.meta.format),
    () => undefined,
  );

/**
 * Up to FIXTURES_PER_FORMAT readable files of each format, spread over folders: a folder of one series'
 * slices gives its first file before any folder gives a second.
 */
async function discoverFixtures(): Promise<Fixture[]> {
  const readable: { path: string; format: string; rank: number }[] = [];
  const perFolder = new Map<string, number>();
  for (const path of filesUnder(generatedDir)) {
    const format = await formatOf(path);
    if (!format) continue;
    const folder = `${format} ${dirname(path)}`;
    perFolder.set(folder, (perFolder.get(folder) ?? 0) + 1);
    readable.push({ path, format, rank: perFolder.get(folder)! });
  }
  readable.sort((a, b) => a.rank - b.rank);
  const chosen = [...new Set(readable.map(({ format }) => format))].flatMap((format) => readable.filter((file) => file.format === format).slice(0, FIXTURES_PER_FORMAT));
  const fixtures: Fixture[] = [];
  for (const { path, format } of chosen) {
    const stored = new Uint8Array(readFileSync(path));
    const gzip = stored[0] === 0x1f && stored[1] === 0x8b;
    const content = gzip ? new Uint8Array(gunzipSync(stored)) : stored;
    await ask(path); // the first read of a format loads its reader (h5wasm, codecs): not the baseline
    fixtures.push({ path, id: relative(generatedDir, path), format, stored, content, gzip, baseline: await ask(path) });
  }
  return fixtures;
}

// ── Cases ────────────────────────────────────────────────────────────────────────────────────────────

interface FuzzCase {
  name: string;
  bytes: Uint8Array;
  /** The header claims more than any file holds: only a typed error will do. */
  mustRefuse?: boolean;
}

/** The file's bytes for changed content: gzip again when the fixture is gzip. */
const pack = (fixture: Fixture, content: Uint8Array) => (fixture.gzip ? new Uint8Array(gzipSync(content, { level: 1 })) : content);

function flipped(bytes: Uint8Array, random: Random, from: number, to: number, count: number): Uint8Array {
  const copy = bytes.slice();
  for (let i = 0; i < count; i++) copy[from + below(random, to - from)]! ^= 1 + below(random, 255);
  return copy;
}

/** Where the header ends, roughly: flips before it hit structure, after it voxels. */
function headerEnd({ format, content }: Fixture): number {
  if (format === 'nifti') return 352;
  return Math.min(format === 'hdf5' ? 2048 : 1024, content.length >> 2);
}

/** Bytes that make a file look like its format: kept when the rest becomes garbage. */
const MAGIC: Record<string, [number, number][]> = { nifti: [[0, 4], [344, 348]], hdf5: [[0, 8]], dicom: [[128, 132]], nrrd: [[0, 8]] };

function truncations(fixture: Fixture): FuzzCase[] {
  return [0, 0.004, 0.02, 0.1, 0.5, 0.9, 0.999].map((fraction) => ({
    name: fraction ? `cut at ${fraction * 100}%` : 'zero-length file',
    bytes: fixture.stored.subarray(0, Math.floor(fixture.stored.length * fraction)),
  }));
}

function headerFlips(fixture: Fixture, random: Random): FuzzCase[] {
  return times(8, (i) => ({ name: `header flips #${i}`, bytes: pack(fixture, flipped(fixture.content, random, 0, headerEnd(fixture), 1 + below(random, 4))) }));
}

function dataFlips(fixture: Fixture, random: Random): FuzzCase[] {
  const { content } = fixture;
  return times(6, (i) => ({ name: `data flips #${i}`, bytes: pack(fixture, flipped(content, random, headerEnd(fixture), content.length, 1 + below(random, 32))) }));
}

function gzipStreamFlips(fixture: Fixture, random: Random): FuzzCase[] {
  if (!fixture.gzip) return [];
  return times(3, (i) => ({ name: `gzip stream flips #${i}`, bytes: flipped(fixture.stored, random, 0, fixture.stored.length, 1 + i) }));
}

function magicThenGarbage(fixture: Fixture, random: Random): FuzzCase[] {
  const bytes = fixture.content.map(() => below(random, 256));
  for (const [from, to] of MAGIC[fixture.format] ?? [[0, 4]]) bytes.set(fixture.content.subarray(from, to), from);
  return [{ name: 'right magic, then garbage', bytes: pack(fixture, bytes) }];
}

/** NIfTI-1 header fields (offsets from nifti1.h) set to values no writer produces. */
function niftiFieldEdits(fixture: Fixture): FuzzCase[] {
  const little = new DataView(fixture.content.buffer, fixture.content.byteOffset).getInt32(0, true) === 348;
  const edit = (name: string, change: (header: DataView) => void, mustRefuse = false): FuzzCase => {
    const bytes = fixture.content.slice();
    change(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { name, bytes: pack(fixture, bytes), mustRefuse };
  };
  const int16 = (at: number, ...values: number[]) => (header: DataView) => values.forEach((value, i) => header.setInt16(at + 2 * i, value, little));
  const int32 = (at: number, value: number) => (header: DataView) => header.setInt32(at, value, little);
  const float = (at: number, ...values: number[]) => (header: DataView) => values.forEach((value, i) => header.setFloat32(at + 4 * i, value, little));
  const both = (...changes: ((header: DataView) => void)[]) => (header: DataView) => changes.forEach((change) => change(header));
  const size = fixture.content.length;
  return [
    ...[0, -1, 8, 32767].map((rank) => edit(`dim[0] = ${rank}`, int16(40, rank))),
    edit('dims 0', int16(42, 0, 0, 0)),
    edit('dims negative', int16(42, -4, 7, -32768)),
    edit('dims 2^15-1 on every axis', int16(40, 7, 32767, 32767, 32767, 32767, 32767, 32767, 32767), true),
    edit('header claims 2^45 bytes', both(int16(40, 3, 32767, 32767, 32767), int16(70, 2, 8)), true),
    edit('z dim 2^15-1', int16(46, 32767), true),
    ...[size * 4, 1e30, NaN, Infinity, -352, 352.5, 0, 100].map((offset) => edit(`vox_offset ${offset}`, float(108, offset))),
    ...[0, 1, 32, 128, 1536, 2304, 12345, -1].map((code) => edit(`datatype ${code}`, int16(70, code))),
    ...[0, 7, 64, -8].map((bits) => edit(`bitpix ${bits}`, int16(72, bits))),
    ...[NaN, Infinity, -Infinity, 0, 3e38].map((slope) => edit(`scl_slope ${slope}`, float(112, slope))),
    ...[NaN, Infinity].map((inter) => edit(`scl_slope 2, scl_inter ${inter}`, float(112, 2, inter))),
    edit('pixdim NaN and -0', float(76, NaN, NaN, -0, Infinity)),
    edit('quaternion NaN, qform only', both(float(256, NaN, 2, -7), int16(252, 1, 0))),
    edit('srow Infinity, sform only', both(float(280, Infinity, 0, 0, 1e38), int16(252, 0, 1))),
    edit('sform all zero', both(float(280, ...times(12, () => 0)), int16(252, 0, 2))),
    edit('qform and sform codes 32767', int16(252, 32767, 32767)),
    edit('sizeof_hdr 349', int32(0, 349)),
    edit('sizeof_hdr 540 (claims NIfTI-2)', int32(0, 540)),
    edit('magic ni1 (a .hdr/.img pair)', (header) => header.setUint8(345, 0x69)),
    edit('magic zeroed', int32(344, 0)),
    edit('extension with esize -16', both((header) => header.setUint8(348, 1), int32(352, -16))),
    edit('extension with esize 2^31-1', both((header) => header.setUint8(348, 1), int32(352, 2 ** 31 - 1))),
  ];
}

/** Object header addresses of a v0/v1 superblock file: the root group's and every symbol table entry's. */
function hdf5ObjectHeaders(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const address = (at: number) => (at + 8 <= bytes.length ? Number(view.getBigUint64(at, true)) : -1);
  const version = bytes[8]!;
  const found = version > 1 ? [address(36)] : [address(version === 0 ? 64 : 68)];
  for (let at = 0; at + 8 <= bytes.length; at++) {
    const signature = String.fromCharCode(...bytes.subarray(at, at + 4));
    if (signature === 'OHDR') found.push(at);
    if (signature !== 'SNOD') continue;
    for (let entry = 0; entry < view.getUint16(at + 6, true); entry++) found.push(address(at + 8 + entry * 40 + 8));
  }
  return [...new Set(found)].filter((at) => at > 0 && at + 16 <= bytes.length);
}

/** The dims of a ≥3-D dataspace message in a version-1 object header, for the "2^45 voxels" claim. */
function hdf5DataspaceDims(bytes: Uint8Array, header: number): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[header] !== 1) return [];
  const end = Math.min(bytes.length, header + 16 + view.getUint32(header + 8, true));
  for (let at = header + 16, n = 0; at + 8 <= end && n < view.getUint16(header + 2, true); at += 8 + view.getUint16(at + 2, true), n++) {
    if (view.getUint16(at, true) !== 1) continue;
    const [version, rank, flags] = [bytes[at + 8]!, bytes[at + 9]!, bytes[at + 10]!];
    const dims = times(rank, (i) => at + (version === 1 ? 16 : 12) + 8 * i);
    return rank >= 3 ? [...dims, ...(flags & 1 ? dims.map((dim) => dim + 8 * rank) : [])] : [];
  }
  return [];
}

function hdf5StructureEdits(fixture: Fixture, random: Random): FuzzCase[] {
  const { stored } = fixture;
  const set = (name: string, at: number, value: bigint): FuzzCase => {
    const bytes = stored.slice();
    new DataView(bytes.buffer).setBigUint64(at, value, true);
    return { name, bytes };
  };
  const headers = hdf5ObjectHeaders(stored);
  return [
    ...times(6, (i) => ({ name: `superblock flips #${i}`, bytes: flipped(stored, random, 0, 96, 1 + (i % 3)) })),
    ...headers.slice(0, 8).map((at, i) => ({ name: `object header #${i} flips`, bytes: flipped(stored, random, at, Math.min(at + 64, stored.length), 2) })),
    ...(stored[8] === 0 ? [set('EOF address 2^60', 40, 2n ** 60n), set('EOF address 100', 40, 100n), set('root object header beyond the file', 64, 2n ** 40n), set('root object header at the superblock', 64, 0n)] : []),
  ];
}

/** Every ≥3-D dataspace set to 2^15 along each axis: 2^45 voxels that no file of this size holds. */
function hdf5HugeDataspace({ stored }: Fixture): FuzzCase[] {
  const dims = hdf5ObjectHeaders(stored).flatMap((header) => hdf5DataspaceDims(stored, header));
  if (!dims.length) return [];
  const bytes = stored.slice();
  for (const at of dims) new DataView(bytes.buffer).setBigUint64(at, 2n ** 15n, true);
  return [{ name: 'dataspace claims 2^45 voxels', bytes, mustRefuse: true }];
}

const CASE_MAKERS: Record<string, ((fixture: Fixture, random: Random) => FuzzCase[])[]> = {
  nifti: [niftiFieldEdits],
  hdf5: [hdf5StructureEdits, hdf5HugeDataspace],
};

function casesFor(fixture: Fixture): FuzzCase[] {
  const random = seededRandom(fixture.id);
  const makers = [truncations, headerFlips, dataFlips, gzipStreamFlips, magicThenGarbage, ...(CASE_MAKERS[fixture.format] ?? [])];
  return makers.flatMap((make) => make(fixture, random));
}

// ── Running them ─────────────────────────────────────────────────────────────────────────────────────

const scratch = mkdtempSync(join(tmpdir(), 'voxbench-fuzz-'));
const fixtures = await discoverFixtures();
const tally = new Map<string, Map<string, number>>();

/**
 * Writes the case beside links to the fixture's neighbours (a .mhd needs its .raw), reads it, then reads the
 * undamaged fixture in the same thread: a case after which that fails has broken the reader for the user.
 */
async function runCase(fixture: Fixture, fuzz: FuzzCase): Promise<Outcome> {
  const dir = mkdtempSync(join(scratch, 'case-'));
  const path = join(dir, `fuzzed-${basename(fixture.path)}`);
  writeFileSync(path, fuzz.bytes);
  for (const sibling of readdirSync(dirname(fixture.path))) {
    const from = join(dirname(fixture.path), sibling);
    if (from !== fixture.path && statSync(from).isFile()) symlinkSync(from, join(dir, sibling));
  }
  // A fresh reader thread loads its readers (h5wasm, codecs) on the undamaged file, outside the measurement.
  if (!hasReader()) await ask(fixture.path);
  const outcome = await ask(path);
  rmSync(dir, { recursive: true, force: true });
  if (!hasReader()) return outcome; // it hung or died, and took its thread with it
  const after = await ask(fixture.path);
  if (JSON.stringify(after) === JSON.stringify(fixture.baseline)) return outcome;
  await restartReader();
  return { ok: false, kind: 'poisoned', detail: `afterwards the undamaged file gave ${after.kind}: ${after.detail} (the case: ${outcome.kind}: ${outcome.detail})` };
}

afterAll(async () => {
  for (const [format, kinds] of tally) {
    const total = [...kinds.values()].reduce((sum, n) => sum + n, 0);
    console.log(`fuzz ${format}: ${total} cases: ${[...kinds].map(([kind, n]) => `${kind} ${n}`).join(', ')}`);
  }
  await restartReader();
  rmSync(scratch, { recursive: true, force: true });
});

test('fixtures of NIfTI and HDF5 at least were found', () => {
  expect(fixtures.map(({ format }) => format)).toEqual(expect.arrayContaining(['nifti', 'hdf5']));
});

describe.each([...new Set(fixtures.map(({ format }) => format))])('%s', (format) => {
  for (const fixture of fixtures.filter((candidate) => candidate.format === format)) {
    for (const fuzz of casesFor(fixture)) {
      test(`${fixture.id}: ${fuzz.name}`, async () => {
        const outcome = await runCase(fixture, fuzz);
        const kinds = tally.get(format) ?? tally.set(format, new Map()).get(format)!;
        kinds.set(outcome.kind, (kinds.get(outcome.kind) ?? 0) + 1);
        expect(outcome.ok, `${outcome.kind}: ${outcome.detail}`).toBe(true);
        if (fuzz.mustRefuse) expect(outcome.kind, outcome.detail).not.toBe('volume');
      });
    }
  }
});
