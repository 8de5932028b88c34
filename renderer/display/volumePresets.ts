// Transfer-function presets of the 3D view. Pure data and the one function that places a preset on a volume's
// value range. The CT and MR points are 3D Slicer's (Modules/Loadable/VolumeRendering/Resources/presets.xml,
// the same tables ParaView ships), in HU for CT.

export interface Lighting {
  ambient: number;
  diffuse: number;
  specular: number;
  specularPower: number;
}

export interface VolumePreset {
  id: string;
  label: string;
  /** Composite ray casting, or maximum intensity projection. */
  blend: 'composite' | 'maximum';
  /**
   * 'absolute': points in the data's own values (HU for the CT presets); 'range': points from 0 to 1 across
   * the volume's value range, for data without a standard scale (MR, synchrotron, neutron).
   */
  scale: 'absolute' | 'range';
  /** [value, r, g, b], colours 0…1. */
  colours: [number, number, number, number][];
  /** [value, opacity per unit distance]. */
  opacity: [number, number][];
  /** Used when shading is on. */
  lighting: Lighting;
}

const slicerCtLighting: Lighting = { ambient: 0.1, diffuse: 0.9, specular: 0.2, specularPower: 10 };
const matte: Lighting = { ambient: 0.2, diffuse: 1, specular: 0, specularPower: 1 };

/** Slicer's MR-Default spans 0…1024; here it is stretched over the volume's range, as MR values have no fixed scale. */
const mr = (value: number) => value / 1024;

export const volumePresets: VolumePreset[] = [
  {
    id: 'grayscale',
    label: 'Grayscale',
    blend: 'composite',
    scale: 'range',
    colours: [[0, 0, 0, 0], [1, 1, 1, 1]],
    // A neutral grey ramp: the faintest quarter (air, noise, soft tissue) is clear; the brightest voxels stay translucent.
    opacity: [[0, 0], [0.25, 0], [1, 0.08]],
    lighting: matte,
  },
  {
    id: 'ct-bone',
    label: 'CT bone',
    blend: 'composite',
    scale: 'absolute',
    colours: [[-3024, 0, 0, 0], [-16.4458, 0.729412, 0.254902, 0.301961], [641.385, 0.905882, 0.815686, 0.552941], [3071, 1, 1, 1]],
    opacity: [[-3024, 0], [-16.4458, 0], [641.385, 0.715686], [3071, 0.705882]],
    lighting: slicerCtLighting,
  },
  {
    id: 'ct-soft-tissue',
    label: 'CT soft tissue',
    blend: 'composite',
    scale: 'absolute',
    colours: [[-2048, 0, 0, 0], [-167.01, 0, 0, 0], [-160, 0.0556356, 0.0556356, 0.0556356], [240, 1, 1, 1], [3661, 1, 1, 1]],
    opacity: [[-2048, 0], [-167.01, 0], [-160, 1], [240, 1], [3661, 1]],
    lighting: matte,
  },
  {
    id: 'ct-lung',
    label: 'CT lung',
    blend: 'composite',
    scale: 'absolute',
    colours: [
      [-1000, 0.3, 0.3, 1],
      [-600, 0, 0, 1],
      [-530, 0.134704, 0.781726, 0.0724558],
      [-460, 0.929244, 1, 0.109473],
      [-400, 0.888889, 0.254949, 0.0240258],
      [2952, 1, 0.3, 0.3],
    ],
    opacity: [[-1000, 0], [-600, 0], [-599, 0.15], [-400, 0.15], [-399, 0], [2952, 0]],
    lighting: matte,
  },
  {
    id: 'ct-angio',
    label: 'CT angio (AAA)',
    blend: 'composite',
    scale: 'absolute',
    colours: [
      [-3024, 0, 0, 0],
      [143.556, 0.615686, 0.356863, 0.184314],
      [166.222, 0.882353, 0.603922, 0.290196],
      [214.389, 1, 1, 1],
      [419.736, 1, 0.937033, 0.954531],
      [3071, 0.827451, 0.658824, 1],
    ],
    opacity: [[-3024, 0], [143.556, 0], [166.222, 0.686275], [214.389, 0.696078], [419.736, 0.833333], [3071, 0.803922]],
    lighting: slicerCtLighting,
  },
  {
    id: 'mr-default',
    label: 'MR default',
    blend: 'composite',
    scale: 'range',
    colours: [
      [mr(0), 0, 0, 0],
      [mr(20), 0.168627, 0, 0],
      [mr(40), 0.403922, 0.145098, 0.0784314],
      [mr(120), 0.780392, 0.607843, 0.380392],
      [mr(220), 0.847059, 0.835294, 0.788235],
      [mr(1024), 1, 1, 1],
    ],
    opacity: [[mr(0), 0], [mr(20), 0], [mr(40), 0.15], [mr(120), 0.3], [mr(220), 0.375], [mr(1024), 0.5]],
    lighting: matte,
  },
  {
    id: 'mip',
    label: 'MIP',
    blend: 'maximum',
    scale: 'range',
    colours: [[0, 0, 0, 0], [1, 1, 1, 1]],
    opacity: [[0, 0], [1, 1]],
    lighting: matte,
  },
];

export const DEFAULT_VOLUME_PRESET = 'grayscale';

export function volumePreset(id: string): VolumePreset {
  return volumePresets.find((preset) => preset.id === id) ?? volumePresets[0]!;
}

/** The preset's points in the volume's own values. */
export function placePreset(preset: VolumePreset, [low, high]: [number, number]): Pick<VolumePreset, 'colours' | 'opacity'> {
  if (preset.scale === 'absolute') return { colours: preset.colours, opacity: preset.opacity };
  const width = high - low || 1;
  const at = (fraction: number) => low + fraction * width;
  return {
    colours: preset.colours.map(([value, r, g, b]) => [at(value), r, g, b]),
    opacity: preset.opacity.map(([value, alpha]) => [at(value), alpha]),
  };
}
