import { expect, test } from 'vitest';
import { roundLength, scaleBar } from '../../renderer/geometry/scaleBar';

test('round lengths are 1, 2 or 5 × 10ⁿ, the nearest by ratio', () => {
  expect(roundLength(1)).toBe(1);
  expect(roundLength(1.4)).toBe(1);
  expect(roundLength(1.5)).toBe(2);
  expect(roundLength(3.2)).toBe(5); // 5/3.2 = 1.56 < 3.2/2 = 1.6
  expect(roundLength(3.1)).toBe(2);
  expect(roundLength(7.5)).toBe(10);
  expect(roundLength(38)).toBe(50);
  expect(roundLength(0.0031)).toBeCloseTo(0.002, 12);
  expect(roundLength(140_000)).toBe(100_000);
});

test('the bar is about a fifth of the view wide and labelled in the volume\'s unit', () => {
  const bar = scaleBar(490, 0.4, 'mm'); // a fifth is 39.2 mm
  expect(bar.length).toBe(50);
  expect(bar.pixels).toBeCloseTo(125, 9);
  expect(bar.label).toBe('50 mm');
  for (const perPixel of [0.001, 0.013, 0.27, 3.9, 61]) {
    const { pixels } = scaleBar(500, perPixel, 'µm');
    expect(pixels).toBeGreaterThan(500 / 5 / 1.6);
    expect(pixels).toBeLessThan((500 / 5) * 1.6);
  }
});

test('labels carry no floating-point noise', () => {
  expect(scaleBar(500, 0.003 / 100, 'µm').label).toBe('0.002 µm');
  expect(scaleBar(500, 3e-7, 'm').label).toBe('0.00002 m');
});
