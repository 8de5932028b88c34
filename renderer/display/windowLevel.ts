// Window/level: which values map to black and white on screen. Pure: presets, full range, percentile auto
// window, and the right-drag adjustment.
import type { VolumeInfo } from '../../electron/common/contract';

export interface WindowLevel {
  /** Width of the value range spread from black to white. */
  window: number;
  /** Value shown mid-grey. */
  level: number;
}

export interface WindowLevelPreset extends WindowLevel {
  id: string;
  label: string;
}

/**
 * CT presets in HU, from Radiopaedia's "Windowing (CT)" table of typical values
 * (https://radiopaedia.org/articles/windowing-ct): brain W80 L40, subdural W200 L75 (within its W130–300
 * L50–100), lungs W1500 L−600, mediastinum W350 L50, abdominal soft tissue W400 L40 (its L20–60 range, and 3D
 * Slicer's CT-Abdomen level), bone W1800 L400.
 */
export const ctWindowPresets: WindowLevelPreset[] = [
  { id: 'brain', label: 'Brain', window: 80, level: 40 },
  { id: 'subdural', label: 'Subdural', window: 200, level: 75 },
  { id: 'lung', label: 'Lung', window: 1500, level: -600 },
  { id: 'mediastinum', label: 'Mediastinum', window: 350, level: 50 },
  { id: 'abdomen', label: 'Abdomen', window: 400, level: 40 },
  { id: 'bone', label: 'Bone', window: 1800, level: 400 },
];

/** What the window presets look at: the DICOM modality, the values' unit, and whose axes these are. */
type Described = Partial<Pick<VolumeInfo, 'dicom' | 'valueUnit' | 'frame'>>;

/** CT in Hounsfield units: the DICOM modality says so, or the values are in HU. */
export function isCt({ dicom, valueUnit }: Described): boolean {
  return dicom?.modality === 'CT' || valueUnit === 'HU';
}

/**
 * The presets that mean something for this volume: the CT table for CT, and where nothing says what the values
 * are (a NIfTI may hold a CT); never for another modality or a sample's tomogram (Brain W80 L40 whites out an MR).
 */
export function windowPresetsFor(volume: Described): WindowLevelPreset[] {
  const unknown = !volume.dicom?.modality && !volume.valueUnit && volume.frame !== 'sample';
  return isCt(volume) || unknown ? ctWindowPresets : [];
}

/** Black at the lowest value, white at the highest. */
export function fullRangeWindow([low, high]: [number, number]): WindowLevel {
  return { window: high - low || 1, level: (high + low) / 2 };
}

const HISTOGRAM_BINS = 4096;
/** Enough voxels for a stable percentile (larger volumes are sampled with a stride), few enough not to freeze the page. */
const SAMPLE_LIMIT = 1 << 20;

/**
 * Black at the `lowFraction` percentile of the values, white at the `highFraction` one (Slicer's auto
 * window uses the 1st and 99th): a few outliers do not wash out the image. Binned over `range`, so the edges
 * are exact at the range's ends and within range/4096 inside.
 */
export function percentileWindow(values: ArrayLike<number>, range: [number, number], lowFraction = 0.01, highFraction = 0.99): WindowLevel {
  const [low, high] = range;
  const span = high - low;
  if (!(span > 0)) return fullRangeWindow(range);
  const counts = new Float64Array(HISTOGRAM_BINS);
  const stride = Math.max(1, Math.floor(values.length / SAMPLE_LIMIT));
  let total = 0;
  for (let n = 0; n < values.length; n += stride) {
    const value = values[n]!;
    if (!Number.isFinite(value)) continue;
    const bin = Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor(((value - low) / span) * HISTOGRAM_BINS)));
    counts[bin]!++;
    total++;
  }
  if (!total) return fullRangeWindow(range);
  const binOf = (fraction: number) => {
    let seen = 0;
    for (let bin = 0; bin < HISTOGRAM_BINS; bin++) {
      seen += counts[bin]!;
      if (seen > fraction * total) return bin;
    }
    return HISTOGRAM_BINS - 1;
  };
  const black = low + (binOf(lowFraction) / HISTOGRAM_BINS) * span;
  const white = low + ((binOf(highFraction) + 1) / HISTOGRAM_BINS) * span;
  return { window: white - black || span / HISTOGRAM_BINS, level: (white + black) / 2 };
}

/**
 * Right-drag by (dx, dy) screen pixels from `start`, as 3D Slicer's window/level widget does: dragging right
 * widens the window, dragging up raises the level (darker image); a drag across the view's shorter side moves
 * either by the volume's whole value range. The level stays where some value is still in the window.
 */
export function dragWindowLevel(start: WindowLevel, [low, high]: [number, number], [width, height]: [number, number], [dx, dy]: [number, number]): WindowLevel {
  const gain = (high - low || 1) / Math.max(1, Math.min(width, height));
  const window = Math.max((high - low || 1) / HISTOGRAM_BINS, start.window + gain * dx);
  const level = Math.min(high + window / 2, Math.max(low - window / 2, start.level - gain * dy));
  return { window, level };
}

/** The preset the window/level is set to, if any. */
export function matchingPreset(windowLevel: WindowLevel, presets: WindowLevelPreset[]): WindowLevelPreset | undefined {
  return presets.find((preset) => preset.window === windowLevel.window && preset.level === windowLevel.level);
}

/** A window or level as a user would type it: whole numbers above 100, three significant digits below. */
export function roundForDisplay(value: number): number {
  return +value.toPrecision(Math.max(3, Math.ceil(Math.log10(Math.abs(value) + 1))));
}

/** 'W 400 L 40'. */
export function formatWindowLevel({ window, level }: WindowLevel): string {
  return `W ${roundForDisplay(window)} L ${roundForDisplay(level)}`;
}
