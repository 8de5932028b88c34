// DICOM: a folder holding one or more series (files under any names, in any order, other files mixed in), or
// one single- or multi-frame file. Headers are parsed at open; a slab decodes only the files of its slices.
// Slices are sorted along the normal of Image Orientation (Patient), spacing comes from their positions, and
// values are rescaled to what the user sees (HU for CT).
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Dtype } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { bytesPerVoxel, voxelArray, type VolumeSource, type VoxelArray } from '../volume/model.js';
import { transferSyntaxName } from './dicomCodecs.js';
import { isDicomHead, readImageHeader, type ImageHeader, type Rescale } from './dicomHeader.js';
import { nativeJ2kDecoder, type EncodedFrame } from './dicomJ2kNative.js';
import { deliveredType, frameBytes, frameName, openFrames, readsColour, storedType, writeValues } from './dicomPixels.js';
import { groupBySeries, layoutSeries, seriesLabel, sliceCount, type SliceRef } from './dicomSeries.js';
import { mapLimit } from '../mapLimit.js';
import { checkSize } from './rawVoxels.js';
import type { Candidate, OpenOptions, ScanReader } from './reader.js';

/** Files whose headers are read at once, and files a slab reads at once. */
const PARALLEL = 16;

/** The image headers of every DICOM image directly inside a folder. */
async function folderImages(path: string, read: typeof readImageHeader = readImageHeader): Promise<ImageHeader[]> {
  const entries = (await readdir(path, { withFileTypes: true })).filter((entry) => entry.isFile() && !entry.name.startsWith('.'));
  const names = entries.map((entry) => entry.name).sort();
  const headers = await mapLimit(names, PARALLEL, (entry) => read(join(path, entry)));
  const images = headers.filter((header): header is ImageHeader => !('skipped' in header));
  if (!images.length) throw new VoxbenchError('NoImage', `${basename(path)}/ holds no DICOM images (${names.length} files looked at).`);
  return images;
}

/** The image headers of a folder, or of a file: a single-frame file stands for its series (the files beside it with its
 * SeriesInstanceUID, as Slicer and OHIF load one), and where it is alone, `notice` says why it opens as one slice. */
async function scan(path: string): Promise<{ images: ImageHeader[]; notice?: string }> {
  const name = basename(path);
  const info = await stat(path).catch(() => {
    throw new VoxbenchError('FileNotFound', `Cannot open ${path}: no such file or folder.`);
  });
  if (info.isDirectory()) return { images: await folderImages(path) };
  const header = await readImageHeader(path);
  if ('skipped' in header) {
    throw new VoxbenchError(header.skipped === 'no image' ? 'NoImage' : 'CorruptFile', header.skipped === 'no image' ? `${name} is DICOM but holds no image (a report, structure set or DICOMDIR?).` : `${name} is not a DICOM file: it has no 'DICM' marker at byte 128.`);
  }
  if (header.frames !== 1) return { images: [header] };
  const folder = dirname(path);
  // A damaged file beside it is not its to report: it is simply not of the series.
  const siblings = await folderImages(folder, (file) => readImageHeader(file).catch(() => ({ skipped: 'unreadable' })));
  const series = siblings.filter((image) => image.seriesUid === header.seriesUid);
  const label = seriesLabel([header]);
  if (series.length < 2) {
    return { images: [header], notice: `${name} is the only file of its series (${label}) in ${basename(folder)}/, so it opens as one slice; to open the whole series, open its folder or pick all its files together.` };
  }
  try {
    layoutSeries(series, label);
    return { images: series };
  } catch (error) {
    // Copies of one slice (a file in several transfer syntaxes), or a series out of line: the file alone, and why.
    return { images: [header], notice: `${name} opens as one slice: the ${series.length} files of its series (${label}) in ${basename(folder)}/ do not stack into one volume (${(error as Error).message}).` };
  }
}

function describeSeries(uid: string, images: ImageHeader[]): Candidate {
  const first = images[0]!;
  const syntaxes = [...new Set(images.map((image) => transferSyntaxName(image.transferSyntax)))].join(', ');
  const files = `${images.length} file${images.length > 1 ? 's' : ''}`;
  return { choice: uid, label: seriesLabel(images), dims: [first.columns, first.rows, sliceCount(images)], detail: `${first.modality ?? 'DICOM'}, ${files}, ${syntaxes}` };
}

async function candidates(path: string): Promise<Candidate[]> {
  return [...groupBySeries((await scan(path)).images)].map(([uid, images]) => describeSeries(uid, images));
}

/** The series `choice` names, else the one with the most slices. */
async function pickSeries(path: string, choice: string | undefined): Promise<{ series: Map<string, ImageHeader[]>; uid: string; notice?: string }> {
  const { images, notice } = await scan(path);
  const series = groupBySeries(images);
  let uid = choice;
  if (uid === undefined || uid === '') {
    // Several series and none chosen: the one with the most slices, most likely the volume rather than a scout.
    uid = [...series].reduce((best, next) => (sliceCount(next[1]) > sliceCount(best[1]) ? next : best))[0];
  } else if (!series.has(uid)) {
    const known = [...series].map(([key, images]) => `${key} (${seriesLabel(images)})`).join(', ');
    throw new VoxbenchError('NoSuchSeries', `${basename(path)} holds no series ${uid}; it holds ${known}.`);
  }
  return { series, uid, ...(notice && { notice }) };
}

async function open(path: string, { choice }: OpenOptions): Promise<VolumeSource> {
  const { series, uid, notice } = await pickSeries(path, choice);
  const images = series.get(uid)!;
  const name = series.size > 1 ? `${basename(path)} – ${seriesLabel(images)}` : basename(path);
  const source = seriesSource(path, name, images, uid);
  return notice ? { ...source, meta: { ...source.meta, notice } } : source;
}

/** Refuses what cannot be read, before anything is allocated: colour, odd sample sizes, codecs, short files. */
export function checkImage(image: ImageHeader): void {
  const { name, rows, columns, frames, bitsAllocated, bitsStored } = image;
  // MONOCHROME1 values stay as stored, as in Slicer: showing them inverted is a display choice.
  const grey = image.samplesPerPixel === 1 && /^MONOCHROME[12]$/.test(image.photometric);
  const colour = image.samplesPerPixel === 3 && readsColour(image);
  if (!grey && !colour) {
    throw new VoxbenchError('UnsupportedImage', `${name} holds ${image.bitsAllocated}-bit ${image.photometric} images with ${image.samplesPerPixel} samples per pixel (${transferSyntaxName(image.transferSyntax)}); Voxbench reads greyscale (MONOCHROME1/2) DICOM, and 8-bit RGB and YBR colour (uncompressed, RLE, JPEG, JPEG lossless, JPEG 2000) as its luminance.`);
  }
  if (![8, 16, 32].includes(bitsAllocated) || !(bitsStored >= 1 && bitsStored <= bitsAllocated)) {
    throw new VoxbenchError('UnsupportedDatatype', `${name} stores ${bitsStored} of ${bitsAllocated} bits per pixel; Voxbench reads 8, 16 and 32-bit pixels.`);
  }
  if (!(rows >= 1 && columns >= 1 && frames >= 1)) {
    throw new VoxbenchError('CorruptFile', `${name} claims ${rows} rows, ${columns} columns and ${frames} frame(s): an image needs at least one of each.`);
  }
  const syntax = `transfer syntax ${image.transferSyntax} (${transferSyntaxName(image.transferSyntax)})`;
  if (!image.encoding) throw new VoxbenchError('UnsupportedTransferSyntax', `${name} uses ${syntax}, which Voxbench cannot decode.`);
  const width = bitsAllocated / 8;
  const needed = frameBytes(image) * frames;
  if (image.encoding === 'native' || image.encoding === 'deflate') {
    const has = Math.min(image.pixelLength, image.pixelRoom);
    if (image.pixelLength < 0 || has < needed) {
      throw new VoxbenchError('TruncatedFile', `${name} is truncated: ${columns}×${rows}×${frames} pixels of ${bitsAllocated} bits need ${needed} bytes, its pixel data holds ${Math.max(0, has)}.`);
    }
  } else if (frames * 8 > image.pixelRoom) {
    // Each compressed frame takes one fragment item at least: its 8-byte header.
    throw new VoxbenchError('TruncatedFile', `${name} is truncated: it claims ${frames} compressed frames, its last ${image.pixelRoom} bytes hold ${Math.floor(image.pixelRoom / 8)} at most.`);
  }
  checkSize(name, [columns, rows, frames], width);
}

/** A series' slices in volume order (slice k is z = k), from its headers: what a DICOM SEG references. */
export async function seriesSlices(path: string, seriesUid: string | undefined): Promise<SliceRef[]> {
  const { series, uid } = await pickSeries(path, seriesUid);
  const images = series.get(uid)!;
  return layoutSeries(images, seriesLabel(images)).slices;
}

function seriesSource(path: string, name: string, images: ImageHeader[], uid: string): VolumeSource {
  images.forEach(checkImage);
  const label = seriesLabel(images);
  const { slices, dims, geometry } = layoutSeries(images, label);
  checkSize(name, dims, images[0]!.bitsAllocated / 8);
  const rescales = slices.map(({ image, frame }) => image.rescale[frame] ?? { slope: 1, intercept: 0 });
  const dtype: Dtype = deliveredType(images[0]!, rescales);
  const first = images[0]!;
  return {
    meta: {
      name,
      path,
      format: 'dicom',
      seriesUid: uid,
      dims,
      ...geometry,
      dtype,
      storedType: storedType(first),
      unit: 'mm',
      ...(first.valueUnit && { valueUnit: first.valueUnit }),
      dicom: first.dicom,
    },
    // The addon decodes a slab's JPEG 2000 frames on every core itself: reader threads for runs of slices would only compete.
    compressedSlices: images.some(({ encoding }) => encoding !== 'native') && !nativeJ2kDecoder(images),
    async readSlab(z0, count) {
      if (!(Number.isSafeInteger(z0) && Number.isSafeInteger(count) && z0 >= 0 && count >= 1 && z0 + count <= dims[2])) {
        throw new VoxbenchError('BadRegion', `${name}: slices ${z0}-${z0 + count - 1} are not inside its ${dims[2]} slices.`);
      }
      const sliceVoxels = dims[0] * dims[1];
      const out = voxelArray(dtype, new ArrayBuffer(count * sliceVoxels * bytesPerVoxel(dtype)));
      await readSlices(slices.slice(z0, z0 + count), rescales.slice(z0, z0 + count), out, sliceVoxels);
      return out;
    },
    close: async () => undefined,
  };
}

/**
 * Decodes the slab's slices file by file (a multi-frame file is opened once), writing each into place; JPEG 2000
 * frames the addon decodes are gathered from their files first and decoded in one call on every core.
 */
async function readSlices(slices: SliceRef[], rescales: Rescale[], out: VoxelArray, sliceVoxels: number): Promise<void> {
  const byFile = new Map<ImageHeader, number[]>();
  slices.forEach(({ image }, k) => byFile.set(image, [...(byFile.get(image) ?? []), k]));
  const decodeNatively = nativeJ2kDecoder([...byFile.keys()]);
  const encoded: EncodedFrame[] = [];
  await mapLimit([...byFile], PARALLEL, async ([image, indices]) => {
    const frames = await openFrames(image);
    try {
      for (const k of indices) {
        const { frame } = slices[k]!;
        if (decodeNatively) encoded[k] = { bytes: frames.encoded!(frame), where: frameName(image, frame), transferSyntax: image.transferSyntax };
        else writeValues(await frames.frame(frame), image, rescales[k]!, out, k * sliceVoxels);
      }
    } finally {
      await frames.close();
    }
  });
  if (decodeNatively) (await decodeNatively(encoded)).forEach((stored, k) => writeValues(stored, slices[k]!.image, rescales[k]!, out, k * sliceVoxels));
}

export const dicomReader: ScanReader = {
  format: 'dicom',
  extensions: ['.dcm', '.dicom', '.ima'],
  sniff: (head) => isDicomHead(head),
  sniffFolder: (files) => files.some(({ head }) => isDicomHead(head)),
  candidates,
  open,
};
