// The scale bar of a slice view: a round physical length (1, 2 or 5 × 10ⁿ of the volume's unit) near a fifth
// of the view's width. Pure.

/** The length among 1, 2, 5 × 10ⁿ nearest to `target` (nearest by ratio, not difference). */
export function roundLength(target: number): number {
  if (!(target > 0) || !Number.isFinite(target)) return 1;
  const decade = 10 ** Math.floor(Math.log10(target));
  const candidates = [1, 2, 5, 10].map((step) => step * decade);
  return candidates.reduce((best, length) => (Math.abs(Math.log(length / target)) < Math.abs(Math.log(best / target)) ? length : best));
}

export interface ScaleBar {
  /** Physical length, in the volume's unit. */
  length: number;
  /** Its length on screen. */
  pixels: number;
  label: string;
}

/** The bar for a view `viewWidth` pixels wide showing `unitsPerPixel` of `unit` per pixel. */
export function scaleBar(viewWidth: number, unitsPerPixel: number, unit: string, fraction = 0.2): ScaleBar {
  const length = roundLength(viewWidth * fraction * unitsPerPixel);
  // toPrecision(1) drops float noise such as 0.30000000000000004; every round length has one significant digit.
  return { length, pixels: length / unitsPerPixel, label: `${+length.toPrecision(1)} ${unit}` };
}
