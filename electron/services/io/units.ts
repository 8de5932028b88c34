// Physical units of voxel spacing as files spell them, in one spelling of ours.
const UNIT_ALIASES: Record<string, string> = {
  um: 'µm',
  'µm': 'µm',
  'μm': 'µm',
  '\\u00b5m': 'µm',
  micron: 'µm',
  microns: 'µm',
  micrometer: 'µm',
  micrometre: 'µm',
  nanometer: 'nm',
  millimeter: 'mm',
  millimetre: 'mm',
  centimeter: 'cm',
  meter: 'm',
  metre: 'm',
};
const NO_UNIT = new Set(['', 'pixel', 'pixels', 'px', 'voxel', 'unknown', 'none']);
const MM_PER_UNIT: Record<string, number> = { m: 1000, cm: 10, mm: 1, 'µm': 1e-3, nm: 1e-6, 'Å': 1e-7 };

/** 'micron', 'um', '\u00B5m' → 'µm' …; undefined for no physical unit ('pixel', empty). */
export function normaliseUnit(unit: string | undefined): string | undefined {
  const trimmed = unit?.trim().replace(/^"|"$/g, '') ?? '';
  const lower = trimmed.toLowerCase();
  return NO_UNIT.has(lower) ? undefined : (UNIT_ALIASES[lower] ?? trimmed);
}

/** One unit for three axes: theirs when they agree, else mm with each axis's factor to it. */
export function commonUnit(units: (string | undefined)[]): { unit: string | undefined; factors: number[] } {
  const normal = units.map(normaliseUnit);
  if (new Set(normal).size <= 1) return { unit: normal[0], factors: normal.map(() => 1) };
  return { unit: 'mm', factors: normal.map((unit) => MM_PER_UNIT[unit ?? 'mm'] ?? 1) };
}

/** Millimetres in one `unit` (any spelling), or undefined when it is not a length Voxbench knows. */
export function mmPerUnit(unit: string | undefined): number | undefined {
  const normal = normaliseUnit(unit);
  return normal === undefined ? undefined : MM_PER_UNIT[normal];
}
