// Where a pointer in a slice view lands in the world, on the plane the view shows; shared by the measuring tools.
import { screenToWorld } from '../views/sliceGeometry';
import type { Point } from './gesture';
import type { SliceToolContext } from './sliceTools';

export const worldAt = ({ camera, frame, size: [width, height], cursor }: SliceToolContext, { x, y }: Point) =>
  screenToWorld(camera, frame, width, height, [x, y], cursor);
