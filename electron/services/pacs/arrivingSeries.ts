// A PACS series opened before its pixels: the grid from the series metadata, the middle slice retrieved first and
// the volume shown with it, the others retrieved several at a time (WADO-RS) and written into it as each arrives,
// each one announced (`volume.slices`). Cancel leaves the slices that came, the volume marked incomplete.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { VolumeInfo } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import type { Emit } from '../handlerTypes.js';
import { checkImage } from '../io/dicom.js';
import { readImageHeader, type ImageHeader } from '../io/dicomHeader.js';
import { deliveredType, openFrames, storedType, writeValues } from '../io/dicomPixels.js';
import { layoutSeries, seriesLabel, type SeriesLayout } from '../io/dicomSeries.js';
import { checkSize } from '../io/rawVoxels.js';
import { startPyramid, type Services } from '../services.js';
import { ArrivingSource } from '../volume/arrivingSource.js';
import { bytesPerVoxel } from '../volume/model.js';
import { arrivalOrder } from './arrivalOrder.js';
import type { DicomWebClient } from './dicomWeb.js';

/** Requests in flight at once: enough to hide a PACS's latency, few enough not to flood it. */
const PARALLEL = 6;

export interface SeriesRef {
  studyUid: string;
  seriesUid: string;
}

export interface ArrivalContext {
  services: Services;
  emit: Emit;
  pacs: DicomWebClient;
  /** Where each instance is kept as its DICOM file (saving the series and a DICOM SEG read them there). */
  folder: string;
  name: string;
  job: string;
  signal: AbortSignal;
}

/** Whether the series can arrive slice by slice: one greyscale frame per instance (a multi-frame file is one request anyway). */
export const arrivesBySlice = (images: ImageHeader[]) =>
  images.every((image) => image.frames === 1 && image.samplesPerPixel === 1 && image.rows > 0 && image.columns > 0 && image.bitsAllocated > 0);

/** The lowest value the series can store, rescaled: slices not yet arrived draw as the darkest value under any window. */
function fillValue(image: ImageHeader): number {
  const { slope, intercept } = image.rescale[0] ?? { slope: 1, intercept: 0 };
  const [low, high] = image.signed ? [-(2 ** (image.bitsStored - 1)), 2 ** (image.bitsStored - 1) - 1] : [0, 2 ** image.bitsStored - 1];
  return Math.min(low * slope + intercept, high * slope + intercept);
}

/** Opens the series from its metadata headers `images`; returns once every slice arrived, or the retrieval stopped on cancel. */
export async function openArrivingSeries(context: ArrivalContext, ref: SeriesRef, images: ImageHeader[]): Promise<VolumeInfo> {
  const { services, emit, folder, name, job, signal } = context;
  const layout = layoutSeries(images, seriesLabel(images));
  const total = layout.dims[2];
  const order = arrivalOrder(total);
  const fetched = await fetchSlice(context, ref, layout, order[0]!);
  checkSize(name, layout.dims, fetched.header.bitsAllocated / 8);
  const dtype = deliveredType(images[0]!, layout.slices.map(({ image }) => image.rescale[0]!));
  const meta = {
    name,
    path: folder,
    format: 'dicom',
    seriesUid: ref.seriesUid,
    dims: layout.dims,
    ...layout.geometry,
    dtype,
    storedType: storedType(fetched.header),
    unit: 'mm',
    ...(fetched.header.valueUnit && { valueUnit: fetched.header.valueUnit }),
    dicom: fetched.header.dicom,
  };
  const source = new ArrivingSource(meta, fillValue(images[0]!));
  source.put(order[0]!, fetched.write);
  // A large series opens as one whose pyramid builds (the views show its slices from the source), built once all have come.
  const large = layout.dims.reduce((product, n) => product * n, bytesPerVoxel(dtype)) > services.pyramids.largeBytes;
  const { id } = services.volumes.add(source, { min: NaN, max: NaN, mean: NaN }, undefined, large);
  let stopped = false;
  /** The volume as it stands, told to the page (the slices that arrived, or none when it stopped). */
  const announce = (slices: number[], tell = true) => {
    const arrival = source.arrived < total ? { arrived: source.arrived, total, first: order[0]!, missing: source.missing(), ...(stopped && { stopped }) } : undefined;
    const info = services.volumes.arriving(id, source.range(), arrival);
    emit('progress', { job, done: source.arrived, total, message: `Retrieving ${name}: ${source.arrived} of ${total} slices` });
    if (tell) emit('volume.slices', { info, slices });
    return info;
  };
  const opened = announce([], false);
  services.openedFrom.set(id, { path: folder, choice: ref.seriesUid });
  services.pacs.remember(id, folder);
  emit('volume.opened', opened);
  let next = 1;
  const worker = async () => {
    while (next < total && !stopped && !source.closed) {
      const z = order[next++]!;
      const slice = await fetchSlice(context, ref, layout, z);
      if (stopped || source.closed) return;
      source.put(z, slice.write);
      announce([z]);
    }
  };
  const closed = () => new VoxbenchError('Closed', `${name} was closed before all its slices arrived (${source.arrived} of ${total}).`);
  try {
    await Promise.all(Array.from({ length: Math.min(PARALLEL, total - 1) }, worker));
    if (source.closed) throw closed();
    const { info } = services.volumes.get(id);
    if (large) startPyramid(services, emit, info);
    return info;
  } catch (error) {
    if (source.closed) throw closed();
    stopped = true;
    announce([]);
    // Its pyramid needs every slice: the build that was to follow is stopped before it began.
    if (large) emit('volume.levels', services.volumes.pyramidStopped(id, `not built: ${source.arrived} of ${total} slices arrived`));
    if (signal.aborted) return services.volumes.get(id).info;
    throw error;
  } finally {
    stopped = true;
  }
}

/** Retrieves slice `z`'s instance, keeps it in the folder and decodes its one frame, ready to write into the volume. */
async function fetchSlice({ pacs, folder, signal }: ArrivalContext, { studyUid, seriesUid }: SeriesRef, layout: SeriesLayout, z: number) {
  if (signal.aborted) throw new VoxbenchError('Cancelled', `Retrieving series ${seriesUid} was cancelled.`);
  const expected = layout.slices[z]!.image;
  const path = join(folder, `${String(z + 1).padStart(5, '0')}.dcm`);
  await writeFile(path, await pacs.instance(studyUid, seriesUid, expected.sopInstanceUid!, signal), { mode: 0o600 });
  const header = await readImageHeader(path);
  if ('skipped' in header) throw new VoxbenchError('CorruptFile', `Instance ${expected.sopInstanceUid} of series ${seriesUid} came back without an image (${header.skipped}).`);
  checkImage(header);
  if (header.rows !== expected.rows || header.columns !== expected.columns) {
    throw new VoxbenchError('MixedSeries', `Instance ${expected.sopInstanceUid} is ${header.columns}×${header.rows} where the series metadata says ${expected.columns}×${expected.rows}.`);
  }
  // The value type was chosen from the metadata's rescale: a file that says otherwise would be silently cut to it.
  const rescale = header.rescale[0] ?? { slope: 1, intercept: 0 };
  const listed = expected.rescale[0]!;
  if (rescale.slope !== listed.slope || rescale.intercept !== listed.intercept) {
    throw new VoxbenchError('MetadataMismatch', `Instance ${expected.sopInstanceUid} rescales by slope ${rescale.slope} and intercept ${rescale.intercept}, where the PACS's series metadata says ${listed.slope} and ${listed.intercept}.`);
  }
  const frames = await openFrames(header);
  try {
    const stored = await frames.frame(0);
    return { header, write: (out: Parameters<typeof writeValues>[3], at: number) => writeValues(stored, header, rescale, out, at) };
  } finally {
    await frames.close();
  }
}
