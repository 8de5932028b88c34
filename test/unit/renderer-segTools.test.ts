// The segmentation tool registry: every tool's default parameters make an operation the contract accepts, and
// the pure handlers turn what was drawn into the operation a user meant.
import { describe, expect, test } from 'vitest';
import type { Vec3, VolumeInfo } from '../../electron/common/contract';
import { operationSchema } from '../../electron/common/segmentCalls';
import { keyShortcutFor, shortcuts } from '../../renderer/keys/shortcuts';
import type { Drawn, ToolContext } from '../../renderer/tools/segment/segmentTool';
import { defaultParams, segmentTools, toolById } from '../../renderer/tools/segment/segmentTools';
import { seedVoxel } from '../../renderer/tools/segment/seedVoxel';

/** The segmentation phantom's grid (test/fixtures/make_segment.py). */
const volume = { dims: [48, 40, 36], spacing: [0.8, 0.9, 1.25], origin: [-10, -12, 5], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] } as unknown as VolumeInfo;
const worldOf = (index: Vec3): Vec3 => index.map((c, k) => volume.origin[k]! + c * volume.spacing[k]!) as Vec3;
const context: ToolContext = {
  volume,
  active: 1,
  seeds: [[10, 11, 12]],
  segments: [1, 2, 3].map((value) => ({ value, name: `S${value}`, color: [10, 20, 30], visible: true, locked: false })),
};
const axialSquare: Drawn = { axis: 2, slice: 7, points: [worldOf([10, 10, 7]), worldOf([20, 10, 7]), worldOf([20, 16, 7]), worldOf([10, 16, 7])] };

describe('segmentation tools', () => {
  test('ids are unique and every key is a registry shortcut that leads back to its tool', () => {
    expect(new Set(segmentTools.map((tool) => tool.id)).size).toBe(segmentTools.length);
    for (const tool of segmentTools.filter((entry) => entry.key)) {
      const entry = shortcuts.find((shortcut) => shortcut.id === tool.key)!;
      expect(entry, tool.id).toBeDefined();
      const [key] = (entry as { keys: readonly string[] }).keys;
      expect(keyShortcutFor({ key: key!.toLowerCase(), ctrlKey: false, metaKey: false, altKey: false, shiftKey: false })).toBe(tool.key);
    }
  });

  test('every field has a default, and the defaults make an operation the contract accepts', () => {
    const params = defaultParams();
    params.logical.other = 2;
    for (const tool of segmentTools) {
      for (const field of tool.fields) expect(params[tool.id], `${tool.id}.${field.key}`).toHaveProperty(field.key);
      const operation = tool.operation(params[tool.id], context, axialSquare);
      expect(operation, tool.id).toBeDefined();
      const parsed = operationSchema.safeParse(operation);
      expect(parsed.success ? '' : `${tool.id}: ${parsed.error.message}`).toBe('');
    }
  });

  test('tools that write into the active segment say so when there is none; grow asks for seeds', () => {
    const none = { ...context, active: undefined };
    expect(toolById('threshold').blocked!(defaultParams().threshold, none)).toMatch(/segment/);
    expect(toolById('threshold').operation(defaultParams().threshold, none)).toBeUndefined();
    expect(toolById('grow').blocked!(defaultParams().grow, { ...context, seeds: [] })).toMatch(/seed/);
    expect(toolById('growFromSeeds').blocked!(defaultParams().growFromSeeds, { ...context, segments: context.segments.slice(0, 1) })).toMatch(/two/);
  });

  test('a brush stroke is a disc across the view axis in world points, within the range when asked', () => {
    const params = { ...defaultParams().paint, radiusMm: 4, withinRange: true, range: [90, 110] as [number, number] };
    expect(toolById('paint').operation(params, context, axialSquare)).toEqual({
      tool: 'paint', segment: 1, shape: 'disc', axis: 2, radiusMm: 4, points: axialSquare.points, space: 'world', intensityRange: [90, 110], overwrite: 'all',
    });
    const sphere = toolById('paint').operation({ ...params, sphere: true, withinRange: false }, context, axialSquare)!;
    expect(sphere).toMatchObject({ shape: 'sphere' });
    expect(sphere).not.toHaveProperty('intensityRange');
    expect(toolById('erase').operation({ ...defaultParams().erase, allSegments: true }, context, axialSquare)).not.toHaveProperty('segment');
    expect(toolById('erase').operation(defaultParams().erase, context, axialSquare)).toMatchObject({ tool: 'erase', segment: 1 });
  });

  test('the scissors outline becomes [u, v] voxel indices in the plane, on the slice it was drawn on', () => {
    expect(toolById('scissors').operation(defaultParams().scissors, context, axialSquare)).toMatchObject({
      axis: 2, slice: 7, side: 'inside', action: 'erase', extent: 'volume',
      polygon: [[10, 10], [20, 10], [20, 16], [10, 16]].map(([u, v]) => [expect.closeTo(u!, 9), expect.closeTo(v!, 9)]),
    });
    const sagittal: Drawn = { axis: 0, slice: 3, points: [worldOf([3, 5, 6]), worldOf([3, 9, 6]), worldOf([3, 9, 12])] };
    const cut = toolById('scissors').operation(defaultParams().scissors, context, sagittal) as { polygon: number[][] };
    expect(cut.polygon.map((p) => p.map(Math.round))).toEqual([[5, 6], [9, 6], [9, 12]]);
    expect(toolById('scissors').operation(defaultParams().scissors, context, { ...sagittal, points: sagittal.points.slice(0, 2) })).toBeUndefined();
  });

  test('a level-tracing click becomes the clicked voxel on the view\'s axis, into the active segment', () => {
    const click: Drawn = { axis: 1, slice: 10, points: [worldOf([31.2, 9.6, 24.4])] };
    expect(toolById('levelTrace').operation(defaultParams().levelTrace, context, click)).toEqual({ tool: 'levelTrace', segment: 1, seed: [31, 10, 24], axis: 1, overwrite: 'all' });
    expect(toolById('levelTrace').operation(defaultParams().levelTrace, { ...context, active: undefined }, click)).toBeUndefined();
  });

  test('a seed lands in the voxel under the click, clamped to the volume', () => {
    expect(seedVoxel(volume, worldOf([38.4, 9.6, 7.7]))).toEqual([38, 10, 8]);
    expect(seedVoxel(volume, worldOf([-3, 50, 8]))).toEqual([0, 39, 8]);
  });
});
