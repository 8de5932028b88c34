// Where a pointer in a slice view lands in the world (on the plane the view shows), and where a new measurement
// belongs; shared by the measuring tools.
import { screenToWorld } from '../../geometry/sliceGeometry';
import type { Point } from './gesture';
import type { SliceToolContext } from './sliceTools';

/** Where a new measurement belongs: the volume and the view it is drawn in. */
export const placeOf = ({ volume, orientation }: SliceToolContext) => ({ volumeId: volume.id, orientation });

export const worldAt = ({ camera, frame, size: [width, height], cursor }: SliceToolContext, { x, y }: Point) =>
  screenToWorld(camera, frame, width, height, [x, y], cursor);
