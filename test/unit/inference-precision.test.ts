// float16 bits and WebGPU batch sizes: golden half-precision bits from numpy (float32 → float16 → uint16 view).
import { describe, expect, it } from 'vitest';
import { fromHalf, toHalf } from '../../electron/services/inference/halfFloat';
import { webgpuBatch } from '../../electron/services/inference/webgpuLimits';

describe('float16 conversion', () => {
  // np.array(values, np.float32).astype(np.float16).view(np.uint16): rounding, overflow, subnormals, ties to even.
  const values = [0, -0, 1, -2.5, 0.1, 65504, 65520, 70000, 1e-5, 6e-8, 2.9e-8, 3e-8, 1e-8, 1 / 3, 2049, 2051, Infinity, -Infinity, 5.96e-8, 0.000061035156, -1234.567];
  const numpyBits = [0, 32768, 15360, 49408, 11878, 31743, 31744, 31744, 168, 1, 0, 1, 0, 13653, 26624, 26626, 31744, 64512, 1, 1024, 58579];
  // ... and back: .astype(np.float32).
  const numpyBack = [0, -0, 1, -2.5, 0.0999755859375, 65504, Infinity, Infinity, 1.0013580322265625e-5, 5.960464477539063e-8, 0, 5.960464477539063e-8, 0, 0.333251953125, 2048, 2052, Infinity, -Infinity, 5.960464477539063e-8, 6.103515625e-5, -1235];

  it('rounds float32 to float16 bits as numpy does', () => {
    expect([...toHalf(Float32Array.from(values))]).toEqual(numpyBits);
  });

  it('reads float16 bits back as numpy does', () => {
    expect([...fromHalf(Uint16Array.from(numpyBits))]).toEqual(numpyBack);
    expect(fromHalf(Uint16Array.of(0x7e00))[0]).toBeNaN();
  });
});

describe('WebGPU batch size', () => {
  const manifest = (size: [number, number, number], batch: number, labels = 1, precision: 'float32' | 'float16' = 'float32') => ({
    patch: { size, overlap: 0.5, batch },
    labels: Array.from({ length: labels }, (_, i) => ({ value: i + 1, name: `c${i}`, color: [0, 0, 0] as [number, number, number] })),
    precision,
    output: { name: 'logits', activation: 'softmax' as const },
  });

  it('keeps the manifest\'s batch when a batch\'s output fits 128 MiB', () => {
    expect(webgpuBatch(manifest([96, 96, 96], 2))).toEqual({ batch: 2 });
  });

  it('runs fewer patches per batch where the output would pass 128 MiB (float16 halves it)', () => {
    // 128³ × 14 channels × 4 B = 112 MiB a patch: one per batch; in float16 56 MiB: two.
    expect(webgpuBatch(manifest([128, 128, 128], 4, 13))).toEqual({ batch: 1 });
    expect(webgpuBatch(manifest([128, 128, 128], 4, 13, 'float16'))).toEqual({ batch: 2 });
  });

  it('refuses WebGPU when one patch\'s output passes 1 GiB, saying how big it is', () => {
    // TotalSegmentator-sized: 128³ × 118 channels × 4 B = 944 MiB fits; 160³ × 105 × 4 B = 1641 MiB does not.
    expect(webgpuBatch(manifest([128, 128, 128], 2, 117)).refused).toBeUndefined();
    expect(webgpuBatch(manifest([160, 160, 160], 2, 104)).refused).toBe('one 160×160×160 patch\'s output (105 channels, float32) is 1641 MiB, over the 1024 MiB a WebGPU buffer may hold');
  });
});
