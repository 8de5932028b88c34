// Level tracing (Slicer's effect) against scipy: on the clicked slice, the 4-connected region at or above the
// clicked voxel's value, with its holes filled; one log entry, undone in one step.
import { expect, test } from 'vitest';
import type { Host } from '../../electron/shell/host';
import { call, fixture, labelsOf, onPhantomHost, reference, summary } from './segmentHarness';

let host: Host;
let id: string;
onPhantomHost((opened, volumeId) => ([host, id] = [opened, volumeId]));

const cases: { seed: [number, number, number]; axis: 0 | 1 | 2; what: string }[] = [
  { seed: [31, 23, 24], axis: 2, what: 'the hollow box across its cavity (the hole is filled)' },
  { seed: [14, 14, 14], axis: 0, what: 'the big ball at its brightest gradient step' },
  { seed: [10, 14, 14], axis: 1, what: 'the big ball from a darker step (brighter steps join)' },
];

test.each(cases)('$what equals scipy', async ({ seed, axis }) => {
  const { segments } = await call(host, 'segment.add', { volumeId: id, name: `trace ${axis}` });
  const segment = segments.at(-1)!.value;
  await call(host, 'segment.apply', { volumeId: id, operation: { tool: 'levelTrace', segment, seed, axis } });
  const traced = summary(await labelsOf(host, id), segment);
  expect(traced.count).toBeGreaterThan(0);
  expect(traced).toEqual(reference({ job: 'levelTrace', image: fixture('phantom.nii.gz'), seed, axis }));
});

test('the cavity counts: the traced box is its full square, and one undo removes the trace', async () => {
  const { segments } = await call(host, 'segment.add', { volumeId: id, name: 'box' });
  const segment = segments.at(-1)!.value;
  await call(host, 'segment.apply', { volumeId: id, operation: { tool: 'levelTrace', segment, seed: [31, 23, 24], axis: 2 } });
  expect(summary(await labelsOf(host, id), segment).count).toBe(14 * 14);
  await call(host, 'segment.undo', { volumeId: id });
  expect(summary(await labelsOf(host, id), segment).count).toBe(0);
});
