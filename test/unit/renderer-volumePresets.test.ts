import { expect, test } from 'vitest';
import { DEFAULT_VOLUME_PRESET, placePreset, volumePreset, volumePresets } from '../../renderer/display/volumePresets';

test('the 3D presets a Slicer or VolView user expects are there, once each', () => {
  const ids = volumePresets.map((preset) => preset.id);
  expect(ids).toEqual(['grayscale', 'ct-bone', 'ct-soft-tissue', 'ct-lung', 'ct-angio', 'mr-default', 'mip']);
  expect(volumePreset(DEFAULT_VOLUME_PRESET).id).toBe('grayscale');
  expect(volumePreset('no such preset').id).toBe('grayscale');
  expect(volumePresets.filter((preset) => preset.blend === 'maximum').map((preset) => preset.id)).toEqual(['mip']);
});

test('every preset has increasing points, colours and opacities within 0…1', () => {
  for (const preset of volumePresets) {
    for (const points of [preset.colours, preset.opacity]) {
      const values = points.map(([value]) => value);
      expect(values, preset.id).toEqual([...values].sort((a, b) => a - b));
      expect(new Set(values).size, preset.id).toBe(values.length);
      const channels = points.flatMap(([, ...rest]) => rest);
      expect(Math.min(...channels), preset.id).toBeGreaterThanOrEqual(0);
      expect(Math.max(...channels), preset.id).toBeLessThanOrEqual(1);
    }
  }
});

test('CT presets stay in HU; the others stretch over the volume\'s range', () => {
  const bone = volumePreset('ct-bone');
  expect(placePreset(bone, [0, 1000])).toEqual({ colours: bone.colours, opacity: bone.opacity });
  const grey = placePreset(volumePreset('grayscale'), [100, 500]);
  expect(grey.opacity).toEqual([[100, 0], [200, 0], [500, 0.08]]);
  expect(grey.colours.at(-1)).toEqual([500, 1, 1, 1]);
  const mr = placePreset(volumePreset('mr-default'), [0, 2048]);
  expect(mr.opacity.map(([value]) => value)).toEqual([0, 40, 80, 240, 440, 2048]); // Slicer's 0…1024 points, ×2
  const mip = placePreset(volumePreset('mip'), [-5, 5]);
  expect(mip.colours).toEqual([[-5, 0, 0, 0], [5, 1, 1, 1]]);
});
