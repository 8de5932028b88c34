// The crosshair of a slice view once any view is oblique: one line for each other view, along the line where
// that view's plane cuts this one (ITK-SNAP and Slicer draw the same).
import type { VolumeInfo } from '../../electron/common/contract';
import { intersectionOnScreen, obliqueFrame, type Rotation } from './obliqueGeometry';
import { orientations, sliceFrame, type SliceFrame, type SliceOrientation } from './sliceGeometry';

/** What an oblique view says about the layers it cannot draw on a tilted plane. */
export const OBLIQUE_NOTE = 'Oblique: segments, measuring and full resolution off';

type Geometry = Pick<VolumeInfo, 'dims' | 'spacing' | 'origin' | 'direction'>;

/** Screen directions of the other views' planes in this view; undefined while every view is orthogonal (plain crosshair). */
export function crosshairLines(
  volume: Geometry,
  orientation: SliceOrientation,
  frame: SliceFrame,
  rotations: Partial<Record<SliceOrientation, Rotation>>,
): [number, number][] | undefined {
  if (!Object.values(rotations).some(Boolean)) return undefined;
  return (Object.keys(orientations) as SliceOrientation[])
    .filter((other) => other !== orientation)
    .map((other) => intersectionOnScreen(frame, obliqueFrame(sliceFrame(volume, other), rotations[other])))
    .filter((line) => line !== undefined);
}
