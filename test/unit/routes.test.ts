// The bulk routes of common/routes.ts: each builds the path the transports have always served (the paths
// below are the wire format the e2e and integration tests fetch), and parses it back to the same params.
import { describe, expect, it } from 'vitest';
import { dataRouteHosts, routes, routeNames, uploadRoute, type RouteName, type RouteParams } from '../../electron/common/routes';

const examples: { [N in RouteName]: [RouteParams<N>, string] } = {
  volumeVoxels: [{ volumeId: 'a1b2c3d4' }, 'volume/a1b2c3d4/voxels'],
  volumeLevel: [{ volumeId: 'a1b2c3d4', level: 2 }, 'volume/a1b2c3d4/level/2'],
  volumeSlice: [{ volumeId: 'a1b2c3d4', axis: 1, index: 17 }, 'volume/a1b2c3d4/slice/1/17'],
  segmentLabels: [{ volumeId: 'v-1' }, 'segment/v-1/labels'],
  segmentLabelBox: [{ volumeId: 'v-1', min: [10, 12, 14], max: [20, 22, 16] }, 'segment/v-1/labels/10/12/14/20/22/16'],
  segmentExport: [{ volumeId: 'v1', fileName: 'my scan-segments.seg.nrrd' }, 'segment/v1/export/my%20scan-segments.seg.nrrd'],
  segmentStatistics: [{ volumeId: 'v1' }, 'segment/v1/statistics.csv'],
  surfaceMesh: [{ volumeId: 'v1', value: 3, build: '7-0.5-200000' }, 'surface/v1/3/7-0.5-200000'],
  surfaceExport: [{ volumeId: 'v1', format: 'glb' }, 'surface/v1/export.glb'],
  pacsThumbnail: [{ server: 'Radiology PACS', studyUid: '1.2.840.1', seriesUid: '1.2.840.1.2' }, 'pacs/Radiology%20PACS/1.2.840.1/1.2.840.1.2/thumbnail.jpg'],
};

describe('bulk routes', () => {
  it.each(routeNames)('%s builds its wire path and parses it back', (name) => {
    const [params, path] = examples[name];
    const route = routes[name] as { path(params: unknown): string; parse(path: string): unknown };
    expect(route.path(params)).toBe(path);
    expect(route.parse(path)).toEqual(params);
  });

  it('a path parses as exactly one route', () => {
    for (const [, path] of Object.values(examples)) expect(routeNames.filter((name) => routes[name].parse(path))).toHaveLength(1);
  });

  it('rejects what is not one of its paths', () => {
    expect(routes.volumeSlice.parse('volume/a1/slice/3/0')).toBeNull();
    expect(routes.volumeVoxels.parse('volume/../voxels')).toBeNull();
    expect(routes.segmentLabelBox.parse('segment/v1/labels/1/2/3/4/5')).toBeNull();
    expect(routes.surfaceExport.parse('surface/v1/export.obj')).toBeNull();
    expect(routes.segmentExport.parse('segment/v1/export/%E0%A4%A')).toBeNull();
    expect(routes.segmentExport.parse('segment/v1/export/..%2Fescape.h5')).toEqual({ volumeId: 'v1', fileName: '../escape.h5' });
  });

  it('upload is its own POST route, and the hosts the page may fetch are the GET routes\' first parts', () => {
    expect(uploadRoute.path({})).toBe('upload');
    expect(dataRouteHosts).toEqual(['volume', 'segment', 'surface', 'pacs']);
    expect(routes.pacsThumbnail.parse('pacs/x/1.2/..%2F/thumbnail.jpg')).toBeNull();
  });
});
