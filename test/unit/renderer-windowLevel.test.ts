import { describe, expect, test } from 'vitest';
import {
  ctWindowPresets,
  dragWindowLevel,
  formatWindowLevel,
  fullRangeWindow,
  matchingPreset,
  percentileWindow,
  windowPresetsFor,
} from '../../renderer/display/windowLevel';

/** Grey on an 8-bit screen, restated from the definition of window/level rather than taken from the app. */
const grey = (value: number, { window, level }: { window: number; level: number }) =>
  Math.min(1, Math.max(0, (value - (level - window / 2)) / window)) * 255;

describe('window/level presets', () => {
  test('the CT presets hold the standard values', () => {
    const byId = Object.fromEntries(ctWindowPresets.map(({ id, window, level }) => [id, [window, level]]));
    expect(byId).toEqual({
      brain: [80, 40],
      subdural: [200, 75],
      lung: [1500, -600],
      mediastinum: [350, 50],
      abdomen: [400, 40],
      bone: [1800, 400],
    });
  });

  test('brain window: grey matter (~40 HU) mid-grey, CSF dark, bone white', () => {
    const brain = ctWindowPresets.find((preset) => preset.id === 'brain')!;
    expect(grey(40, brain)).toBeCloseTo(127.5, 6);
    expect(grey(0, brain)).toBe(0);
    expect(grey(700, brain)).toBe(255);
  });

  test('a window/level equal to a preset is recognised as it', () => {
    expect(matchingPreset({ window: 1500, level: -600 }, ctWindowPresets)?.id).toBe('lung');
    expect(matchingPreset({ window: 1500, level: -599 }, ctWindowPresets)).toBeUndefined();
  });
});

describe('full range and auto window', () => {
  test('full range puts the lowest value at black and the highest at white', () => {
    const wl = fullRangeWindow([-1024, 3071]);
    expect(grey(-1024, wl)).toBe(0);
    expect(grey(3071, wl)).toBe(255);
    expect(fullRangeWindow([5, 5]).window).toBe(1);
  });

  test('the auto window spans the 1st to the 99th percentile', () => {
    const values = Int16Array.from({ length: 10_000 }, (_, n) => Math.floor(n / 10)); // 0…999, ten of each
    const { window, level } = percentileWindow(values, [0, 999]);
    const black = level - window / 2;
    const white = level + window / 2;
    expect(black).toBeGreaterThanOrEqual(9);
    expect(black).toBeLessThanOrEqual(10.5);
    expect(white).toBeGreaterThanOrEqual(989.5);
    expect(white).toBeLessThanOrEqual(991);
  });

  test('a few outliers do not set the auto window', () => {
    const values = new Float32Array(100_000).fill(100);
    values.fill(200, 0, 50_000);
    values[0] = -30_000;
    values[1] = 30_000;
    values[2] = Number.NaN;
    const { window, level } = percentileWindow(values, [-30_000, 30_000]);
    expect(level - window / 2).toBeGreaterThan(80);
    expect(level + window / 2).toBeLessThan(215);
  });

  test('the phantom: air at black, skull at white, exactly', () => {
    const values = new Int16Array(1000);
    values.fill(200, 300, 900);
    values.fill(1000, 900);
    expect(percentileWindow(values, [0, 1000])).toEqual({ window: 1000, level: 500 });
  });
});

describe('right-drag', () => {
  const start = { window: 400, level: 40 };
  const range: [number, number] = [-1000, 1000];

  test('dragging right widens the window, dragging up raises the level (Slicer)', () => {
    const moved = dragWindowLevel(start, range, [400, 200], [50, -20]);
    // Gain: the value range over the view's shorter side, 2000 / 200 = 10 per pixel.
    expect(moved.window).toBeCloseTo(900, 9);
    expect(moved.level).toBeCloseTo(240, 9);
    const back = dragWindowLevel(start, range, [400, 200], [-10, 10]);
    expect(back.window).toBeCloseTo(300, 9);
    expect(back.level).toBeCloseTo(-60, 9);
  });

  test('the window stays positive and the level keeps some value inside the window', () => {
    const narrow = dragWindowLevel(start, range, [200, 200], [-1000, 0]);
    expect(narrow.window).toBeGreaterThan(0);
    const high = dragWindowLevel(start, range, [200, 200], [0, -10_000]);
    expect(high.level - high.window / 2).toBeLessThanOrEqual(1000);
    const low = dragWindowLevel(start, range, [200, 200], [0, 10_000]);
    expect(low.level + low.window / 2).toBeGreaterThanOrEqual(-1000);
  });
});

test('window/level is shown as a user would type it', () => {
  expect(formatWindowLevel({ window: 1276.2442, level: 638.1221 })).toBe('W 1276 L 638');
  expect(formatWindowLevel({ window: 0.123456, level: -0.5 })).toBe('W 0.123 L -0.5');
});

test('the CT presets are offered for CT and unlabelled volumes, not for MR or a sample\'s tomogram', () => {
  expect(windowPresetsFor({ dicom: { modality: 'CT' } })).toBe(ctWindowPresets);
  expect(windowPresetsFor({ valueUnit: 'HU' })).toBe(ctWindowPresets);
  expect(windowPresetsFor({})).toBe(ctWindowPresets);
  expect(windowPresetsFor({ dicom: { modality: 'MR' } })).toEqual([]);
  expect(windowPresetsFor({ frame: 'sample' })).toEqual([]);
});
