// A series' thumbnail for the PACS panel: the PACS renders the series' middle image as a small JPEG (WADO-RS
// rendered), served as bytes on the pacsThumbnail route.
import type { RouteParams } from '../../common/routes.js';
import type { Services } from '../services.js';
import { pacsClient } from './client.js';
import { listInstances } from './studySearch.js';

const THUMBNAIL_SIZE = 96;

export async function serveThumbnail({ server, studyUid, seriesUid }: RouteParams<'pacsThumbnail'>, services: Services): Promise<Response> {
  const pacs = await pacsClient(services, server);
  const instances = await listInstances(pacs, studyUid, seriesUid);
  const middle = instances[Math.floor(instances.length / 2)];
  const jpeg = middle && (await pacs.rendered(studyUid, seriesUid, middle, THUMBNAIL_SIZE));
  if (!jpeg) return new Response(`The PACS renders no image of series ${seriesUid}`, { status: 404 });
  return new Response(jpeg as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': 'image/jpeg', 'Content-Length': String(jpeg.byteLength), 'Cache-Control': 'no-store' } });
}
