// One Surfaces per host (its services), shared by the handlers and the bulk routes.
import type { Emit } from '../../handlerTypes.js';
import type { Services } from '../../services.js';
import { Surfaces } from './surfaces.js';

const sessions = new WeakMap<Services, Surfaces>();

/** The handlers create it with the host's event stream; the routes only read what they built. */
export function surfacesOf(services: Services, emit: Emit = () => undefined): Surfaces {
  let surfaces = sessions.get(services);
  if (!surfaces) sessions.set(services, (surfaces = new Surfaces((volumeId) => services.segments.segmented(volumeId), emit, services.surfaceBuilds)));
  return surfaces;
}
