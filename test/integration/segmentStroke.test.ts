// A brush stroke sent in pieces while the user drags: each piece lands at once, the pieces of one stroke make one
// log entry and one undo step, and the labelmap equals the one the whole stroke sent at once gives (and numpy's
// union of spheres). On large.nii (0.5 mm, 64³ bricks) so the stroke crosses eight bricks.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Vec3 } from '../../electron/common/contract';
import type { Host } from '../../electron/shell/host';
import type { OperationInput } from '../../electron/common/segmentCalls';
import { call, fixture, labelsOf, startHost, summary } from './segmentHarness';

const scan = fixture('large.nii');
const shape = [256, 256, 192];
let host: Host;
let volumeId: string;
let whole: string;

// 1.4 voxels apart, under the sweep's step (a quarter of the 6-voxel radius), so the stroke is the union of spheres at its points.
const points: Vec3[] = Array.from({ length: 52 }, (_, i) => [40 + i, 40 + i, 56 + 0.27 * i].map((c, k) => (k < 2 ? 40 + ((c - 40) * 1.4) / Math.SQRT2 : c)) as Vec3);
const sphere = { tool: 'paint', segment: 1, shape: 'sphere', radiusMm: 3, overwrite: 'all' } as const;
/** Pieces as the renderer sends them: each starts at the last point of the one before. */
const cuts = [0, 10, 25, 26, points.length - 1];
const pieces = cuts.slice(1).map((end, i) => points.slice(cuts[i]!, end + 1));

/** numpy: voxel centres within `radius` mm of any point (spacing 0.5 mm), as segment_reference.py summarises masks. */
function union(centres: Vec3[], radius: number) {
  const script = `
import hashlib, json, sys
import numpy as np
job = json.load(sys.stdin)
mask = np.zeros(job["shape"], bool)
x, y, z = np.meshgrid(*(np.arange(n) for n in job["shape"]), indexing="ij")
for p in job["points"]:
    mask |= ((x - p[0]) * 0.5) ** 2 + ((y - p[1]) * 0.5) ** 2 + ((z - p[2]) * 0.5) ** 2 <= job["radius"] ** 2
flat = np.ascontiguousarray(mask.astype(np.uint8).ravel(order="F"))
print(json.dumps({"count": int(flat.sum()), "sha256": hashlib.sha256(flat.tobytes()).hexdigest()}))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify({ shape, points: centres, radius }), encoding: 'utf8', maxBuffer: 1 << 20 })) as { count: number; sha256: string };
}

const apply = (id: string, operation: OperationInput) => call(host, 'segment.apply', { volumeId: id, operation });
const log = (id: string) => call(host, 'segment.log', { volumeId: id });

/** Two segments, and a sphere of segment 2 in the stroke's path (painted over, and back after undo). */
async function prepared(): Promise<string> {
  const id = (await call(host, 'volume.open', { path: scan })).id;
  for (let n = 0; n < 2; n++) await call(host, 'segment.add', { volumeId: id });
  await apply(id, { ...sphere, segment: 2, radiusMm: 5, points: [[62, 62, 62]] });
  return id;
}

beforeAll(async () => {
  host = startHost();
  [volumeId, whole] = [await prepared(), await prepared()];
});

afterAll(() => host.close());

test('a stroke in four pieces paints as it goes and equals the whole stroke: one log entry, one undo, one redo', { timeout: 60_000 }, async () => {
  const before = await labelsOf(host, volumeId);
  const entries = (await log(volumeId)).length;
  const changed = [];
  for (const piece of pieces) {
    const result = await apply(volumeId, { ...sphere, points: piece, stroke: 'drag-1' });
    changed.push(result.changed!);
    expect(result.info).toMatchObject({ canUndo: true, undoLabel: 'paint' });
  }
  // Each piece announces its own region, so the views refetch only what it changed.
  expect(changed[0]!.max[0]).toBeLessThan(changed[3]!.max[0]);
  expect(changed[3]!.min[0]).toBeGreaterThan(changed[0]!.min[0]);

  await apply(whole, { ...sphere, points });
  const painted = await labelsOf(host, volumeId);
  expect(Buffer.compare(painted, await labelsOf(host, whole))).toBe(0);
  expect(summary(painted, 1)).toEqual(union(points, 3));

  const entriesAfter = await log(volumeId);
  expect(entriesAfter).toHaveLength(entries + 1);
  expect(entriesAfter.at(-1)).toMatchObject({ action: 'paint', segment: 1, params: { ...sphere, points, stroke: 'drag-1' } });
  expect(entriesAfter.at(-1)!.region).toEqual((await log(whole)).at(-1)!.region);

  const undone = await call(host, 'segment.undo', { volumeId });
  expect(Buffer.compare(await labelsOf(host, volumeId), before)).toBe(0);
  expect(undone.info).toMatchObject({ undoLabel: 'paint', redoLabel: 'paint' });
  await call(host, 'segment.redo', { volumeId });
  expect(Buffer.compare(await labelsOf(host, volumeId), painted)).toBe(0);
});

test('a piece with another stroke id, another radius, or not starting where the stroke ended starts a new step; the log replays bit for bit', { timeout: 60_000 }, async () => {
  const entries = (await log(volumeId)).length;
  const disc = { tool: 'erase', segment: 1, shape: 'disc', axis: 2, radiusMm: 2 } as const;
  const erase = async (stroke: string, from: Vec3, to: Vec3, radiusMm = 2) => apply(volumeId, { ...disc, radiusMm, points: [from, to], stroke });
  await erase('drag-2', [45, 45, 58], [50, 50, 58]);
  await erase('drag-2', [50, 50, 58], [55, 55, 58]); // continues
  await erase('drag-2', [55, 55, 58], [60, 60, 58], 3); // another radius
  await erase('drag-2', [61, 60, 58], [65, 65, 58], 3); // does not start at [60, 60, 58]
  await erase('drag-3', [65, 65, 58], [70, 70, 58], 3); // another stroke
  await erase('drag-3', [70, 70, 58], [75, 75, 58], 3); // continues
  const added = (await log(volumeId)).slice(entries);
  expect(added.map((entry) => [entry.action, entry.params.stroke, (entry.params.points as Vec3[]).length])).toEqual([
    ['erase', 'drag-2', 3],
    ['erase', 'drag-2', 2],
    ['erase', 'drag-2', 2],
    ['erase', 'drag-3', 3],
  ]);

  const labels = await labelsOf(host, volumeId);
  const again = (await call(host, 'volume.open', { path: scan })).id;
  await host.services.segments.replay(again, host.services.segments.actions(volumeId));
  expect(Buffer.compare(await labelsOf(host, again), labels)).toBe(0);
  expect(await log(again)).toHaveLength(entries + 4);
});
