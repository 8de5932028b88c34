// Every bulk route, declared once as a template: the path builder and the parser both come from it, so
// what a service puts into an info, what the renderer fetches and what the host dispatches cannot drift.
// Paths are relative to the transport's data root (voxbench://… in Electron, /data/… in browser mode).
import type { Vec3 } from './wire.js';

/** How one `:name` of a template is written into a path and read back (undefined: not a value of it). */
interface Codec<T> {
  pattern: string;
  encode(value: T): string;
  decode(text: string): T | undefined;
}

const id: Codec<string> = { pattern: '[\\w-]+', encode: (value) => value, decode: (text) => text };
const count: Codec<number> = { pattern: '\\d+', encode: String, decode: Number };
/** An index axis: 0, 1 or 2. */
const axis: Codec<number> = { pattern: '[012]', encode: String, decode: Number };
/** A voxel index [x, y, z] as three path parts. */
const voxel: Codec<Vec3> = { pattern: '\\d+/\\d+/\\d+', encode: (value) => value.join('/'), decode: (text) => text.split('/').map(Number) as Vec3 };
/** Any one path part; the name may hold characters a URL escapes. */
const fileName: Codec<string> = {
  pattern: '[^/]+',
  encode: encodeURIComponent,
  decode(text) {
    try {
      return decodeURIComponent(text);
    } catch {
      return undefined;
    }
  },
};
/** A DICOM UID: digits and dots. */
const uid: Codec<string> = { pattern: '[\\d.]+', encode: (value) => value, decode: (text) => text };
const oneOf = <T extends string>(...values: T[]): Codec<T> => ({ pattern: values.join('|'), encode: (value) => value, decode: (text) => text as T });

/** The `:name` parts of a template; a name runs to the next '/' or the end. */
type ParamNames<T extends string> = T extends `${string}:${infer Rest}` ? (Rest extends `${infer Name}/${infer Tail}` ? Name | ParamNames<Tail> : Rest) : never;
type Codecs<T extends string> = { [K in ParamNames<T>]: Codec<unknown> };
type ValuesOf<C> = { [K in keyof C]: C[K] extends Codec<infer V> ? V : never };

export interface Route<P> {
  template: string;
  /** The path's first part: in Electron, the host of a voxbench:// address. */
  host: string;
  path(params: P): string;
  /** The params of a path of this route, or null when the path is not one. */
  parse(path: string): P | null;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function route<T extends string, C extends Codecs<T>>(template: T, codecs: C): Route<ValuesOf<C>> {
  const parts = template.split(/:(\w+)/);
  const names = parts.filter((_, i) => i % 2 === 1) as (keyof C & string)[];
  const codec = (name: string) => codecs[name as keyof C] as unknown as Codec<unknown>;
  const pattern = new RegExp(`^${parts.map((part, i) => (i % 2 ? `(${codec(part).pattern})` : escape(part))).join('')}$`);
  return {
    template,
    host: template.split('/')[0]!,
    path: (params) => parts.map((part, i) => (i % 2 ? codec(part).encode(params[part as keyof C]) : part)).join(''),
    parse(path) {
      const match = pattern.exec(path);
      if (!match) return null;
      const params: Record<string, unknown> = {};
      for (const [i, name] of names.entries()) {
        const value = codec(name).decode(match[i + 1]!);
        if (value === undefined) return null;
        params[name] = value;
      }
      return params as ValuesOf<C>;
    },
  };
}

/** Bulk bytes the page GETs. Voxels travel as little-endian binary, x fastest, never as JSON. */
export const routes = {
  /** The whole volume, streamed slab by slab (VolumeInfo.voxels). */
  volumeVoxels: route('volume/:volumeId/voxels', { volumeId: id }),
  /** A coarser level n ≥ 1 of a large volume's pyramid, streamed the same way (VolumeLevel.voxels). */
  volumeLevel: route('volume/:volumeId/level/:level', { volumeId: id, level: count }),
  /** One full-resolution slice across index axis 0, 1 or 2, read on demand. */
  volumeSlice: route('volume/:volumeId/slice/:axis/:index', { volumeId: id, axis, index: count }),
  /** The labelmap, uint8 or uint16 as segment.info says (SegmentationInfo.labels); the revision travels in a header. */
  segmentLabels: route('segment/:volumeId/labels', { volumeId: id }),
  /** A box [min, max) of the labelmap. */
  segmentLabelBox: route('segment/:volumeId/labels/:min/:max', { volumeId: id, min: voxel, max: voxel }),
  /** The labelmap with its segment table as a file; the name's extension picks the format. */
  segmentExport: route('segment/:volumeId/export/:fileName', { volumeId: id, fileName }),
  /** The per-segment statistics, as segment.exportStatistics writes them. */
  segmentStatistics: route('segment/:volumeId/statistics.csv', { volumeId: id }),
  /** A SurfaceInfo's mesh: float32 positions then uint32 indices; `build` names the labelmap version and settings. */
  surfaceMesh: route('surface/:volumeId/:value/:build', { volumeId: id, value: count, build: { ...id, pattern: '[\\w.-]+' } }),
  /** Every segment's surface as one file to download. */
  surfaceExport: route('surface/:volumeId/export.:format', { volumeId: id, format: oneOf('stl', 'glb') }),
  /** A JPEG of a PACS series' middle image, rendered by the PACS (WADO-RS rendered), for the series list. */
  pacsThumbnail: route('pacs/:server/:studyUid/:seriesUid/thumbnail.jpg', { server: fileName, studyUid: uid, seriesUid: uid }),
};

/** Browser mode only: the page POSTs a file it was given (`?name=` its name, `&folder=` an earlier upload's folder to join) and gets back its path and folder. */
export const uploadRoute = route('upload', {});

export type RouteName = keyof typeof routes;
export type RouteParams<N extends RouteName> = (typeof routes)[N] extends Route<infer P> ? P : never;
export const routeNames = Object.keys(routes) as RouteName[];

/** The first part of every route the page GETs (in Electron, the hosts of voxbench:// addresses it may fetch). */
export const dataRouteHosts = [...new Set(Object.values(routes).map(({ host }) => host))];
