// The label image of a labelmap, built in a thread of its own: cutting slabs out of bricks, the block modes of every
// level and the chunks' compression would hold the host's event loop ~100 ms a slab. The labelmap lives in the host:
// this thread asks for one layer of its bricks at a time (the build's progress) and keeps the layers it still reads.
import { serveRequests } from '../../workers/serve.js';
import { labelmapSource } from '../segment/labelFiles.js';
import { BRICK, type Brick, type Frozen, type LabelType, Labelmap, valuesIn } from '../segment/labelmap.js';
import type { VolumeMeta } from '../volume/model.js';
import type { ImageLabel } from '../volume/omeZarr.js';
import { buildPyramid } from '../volume/pyramid.js';

export type LabelImageCalls = {
  /** Builds the NGFF label image at `store` (block mode, zlib chunks, published); progress asks for a layer of bricks. */
  build: { request: { store: string; meta: VolumeMeta; type: LabelType; labels: ImageLabel }; reply: null; progress: { layer: number } };
  /** Bricks of the labelmap as the host holds them, from brick index `first` on, all within one layer. */
  bricks: { request: { first: number; bricks: Brick[] }; reply: null };
};

let labelmap: Labelmap | undefined;
/** Layers asked for, by brick layer: bricks still to come and who waits for them. */
const layers = new Map<number, { missing: number; arrived: Promise<void>; resolve(): void }>();

/** A brick as `swap` takes it: its voxels with the values among them (worked out here, not in the host). */
const frozen = (brick: Brick): Frozen => (typeof brick === 'number' || 'bytes' in brick ? brick : { voxels: brick, values: valuesIn(brick) });

serveRequests<LabelImageCalls>({
  build: async ({ store, meta, type, labels }, { progress }) => {
    const held = (labelmap = new Labelmap(meta.dims, Number.MAX_SAFE_INTEGER, type)); // two layers at most: never deflated
    const perLayer = held.counts[0] * held.counts[1];
    const layer = (bz: number) => {
      let asked = layers.get(bz);
      if (!asked) {
        let resolve = () => undefined as void;
        const arrived = new Promise<void>((done) => (resolve = done));
        layers.set(bz, (asked = { missing: perLayer, arrived, resolve }));
        progress({ layer: bz });
      }
      return asked.arrived;
    };
    const slices = labelmapSource(meta, held);
    const source = {
      ...slices,
      readSlab: async (z0: number, count: number) => {
        const [first, last] = [Math.floor(z0 / BRICK), Math.floor((z0 + count - 1) / BRICK)];
        for (let bz = first; bz <= last; bz++) await layer(bz);
        for (const bz of layers.keys()) if (bz < first) forget(held, bz, perLayer); // the build reads in z order
        return slices.readSlab(z0, count);
      },
    };
    await buildPyramid(source, store, { compression: 'zlib', published: true, labels });
    return null;
  },
  bricks: ({ first, bricks }) => {
    labelmap!.swap(new Map(bricks.map((brick, i) => [first + i, frozen(brick)])));
    const asked = layers.get(Math.floor(first / (labelmap!.counts[0] * labelmap!.counts[1])))!;
    asked.missing -= bricks.length;
    if (asked.missing === 0) asked.resolve();
    return null;
  },
});

/** Lets a layer's bricks go once the build is past it. */
function forget(held: Labelmap, bz: number, perLayer: number): void {
  layers.delete(bz);
  held.swap(new Map(Array.from({ length: perLayer }, (_, i) => [bz * perLayer + i, 0])));
}
