// TIFF stacks through geotiff: a multipage file (each page a z slice, ImageJ hyperstacks and OME-TIFF ordered
// by their descriptions) or a folder of slices in natural name order. Pages are decoded only when a slab
// needs them. ImageJ stacks over 4 GiB keep one IFD with the other pages after it: those are read as raw.
import { readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { GeoTIFF, getDecoder, type GeoTIFFImage } from 'geotiff';
import type { Dtype, Vec3 } from '../../common/contract.js';
import { VoxbenchError } from '../../common/errors.js';
import { bytesPerVoxel, voxelArray, type VolumeSource } from '../volume/model.js';
import { readHead } from './fileBytes.js';
import { checkSize, openForReading, openRawVolume, ownBuffer, readAt, swapBytes } from './rawVoxels.js';
import type { OpenOptions, ScanReader } from './reader.js';
import { inflatesOffThread, undoHorizontalDifferencing } from './tiffCodecs.js';
import { inflateStrips, readRawStrips } from './tiffStrips.js';
import { describeStack, type PageOrder, refuseMissingSlices } from './tiffStack.js';

const DEFLATE = new Set([8, 32946]);
/** Pages of one file decoded at once within a slab. */
const PAGES_AT_ONCE = 8;
const COMPRESSIONS: Record<number, string> = { 1: 'none', 5: 'LZW', 7: 'JPEG', 8: 'deflate', 32946: 'deflate', 32773: 'PackBits', 50000: 'zstd' };
const COLOUR_MODELS: Record<number, string> = { 2: 'RGB', 5: 'CMYK', 6: 'YCbCr', 8: 'CIE L*a*b*' };
const MAX_PAGES = 1 << 20;
/** A compressed page may claim this many times its stored bytes (over a floor of 64 MiB) before it is refused. */
const MAX_RATIO = 4096;

export function isTiffHead(head: Uint8Array): boolean {
  const [a, b, c, d] = head;
  return (a === 0x49 && b === 0x49 && (c === 42 || c === 43) && d === 0) || (a === 0x4d && b === 0x4d && c === 0 && (d === 42 || d === 43));
}

interface OpenTiff {
  tiff: GeoTIFF;
  handle: FileHandle;
  size: number;
  name: string;
}

/** geotiff over a file whose reads stop at its end, so a damaged offset cannot make it allocate beyond it. */
async function openTiff(path: string): Promise<OpenTiff> {
  const name = basename(path);
  const handle = await openForReading(path);
  const { size } = await handle.stat();
  const source = {
    fetch: (slices: { offset: number; length: number }[]) => Promise.all(slices.map(async ({ offset, length }) => ownBuffer(await readAt(handle, offset, Math.min(length, size - offset))))),
    close: () => handle.close(),
    fileSize: size,
  };
  try {
    return { tiff: await GeoTIFF.fromSource(source as unknown as Parameters<typeof GeoTIFF.fromSource>[0]), handle, size, name };
  } catch (error) {
    await handle.close();
    throw damaged(name, error);
  }
}

const close = async ({ tiff }: OpenTiff) => void (await tiff.close());

function damaged(where: string, error: unknown): VoxbenchError {
  if (error instanceof VoxbenchError) return error;
  return new VoxbenchError('CorruptFile', `${where} is not a readable TIFF: ${(error as Error)?.message ?? error}.`);
}

/** Every full-resolution page (reduced-resolution ones, NewSubfileType bit 0, are previews), IFD chain checked. */
async function pagesOf({ tiff, size, name }: OpenTiff): Promise<GeoTIFFImage[]> {
  const pages: GeoTIFFImage[] = [];
  const seen = new Set<number>([tiff.firstIFDOffset]);
  try {
    for (let index = 0; ; index++) {
      const image = await tiff.getImage(index);
      if (!((Number(image.fileDirectory.getValue('NewSubfileType')) || 0) & 1)) pages.push(image);
      const next = image.fileDirectory.nextIFDByteOffset;
      if (!next) return pages;
      if (next >= size) throw new VoxbenchError('TruncatedFile', `${name} is truncated: it ends before page ${index + 2}'s directory.`);
      if (seen.has(next) || index >= MAX_PAGES) throw new VoxbenchError('CorruptFile', `${name} has a broken page chain after page ${index + 1}.`);
      seen.add(next);
    }
  } catch (error) {
    throw damaged(name, error);
  }
}

interface PageKind {
  width: number;
  height: number;
  dtype: Dtype;
  stored: string;
}

const describeKind = ({ width, height, stored }: PageKind) => `${width}×${height} ${stored}`;

/** Size and voxel type of one page; colour pages and codecs geotiff lacks are refused naming the page. */
function kindOf(image: GeoTIFFImage, where: string): PageKind {
  const samples = image.getSamplesPerPixel();
  const photometric = Number(image.fileDirectory.getValue('PhotometricInterpretation') ?? 1);
  if (samples !== 1 || ![0, 1, 3, 4].includes(photometric)) {
    const colour = COLOUR_MODELS[photometric] ?? `photometric ${photometric}`;
    throw new VoxbenchError('MultiComponent', `${where} is a colour image (${colour}, ${samples} samples per pixel); Voxbench reads greyscale stacks for now.`);
  }
  const compression = Number(image.fileDirectory.getValue('Compression') ?? 1);
  if (!COMPRESSIONS[compression]) throw new VoxbenchError('UnsupportedCompression', `${where} uses TIFF compression ${compression}, which Voxbench cannot decode.`);
  const bits = image.getBitsPerSample(0);
  const format = image.getSampleFormat(0);
  const stored = format === 3 ? `float${bits}` : `${format === 2 ? '' : 'u'}int${bits}`;
  const dtype = stored === 'float16' ? 'float32' : stored;
  if (!['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'float64'].includes(dtype) || ![1, 2, 3].includes(format)) {
    throw new VoxbenchError('UnsupportedDatatype', `${where} stores ${bits}-bit samples of format ${format}; Voxbench reads 8-32 bit integers and 16-64 bit floats.`);
  }
  return { width: image.getWidth(), height: image.getHeight(), dtype: dtype as Dtype, stored };
}

const TABLE_TAGS = { StripOffsets: 273, StripByteCounts: 279, TileOffsets: 324, TileByteCounts: 325 } as const;
const FIELD_BYTES: Record<number, number> = { 3: 2, 4: 4, 16: 8 };

/**
 * A strip or tile table. geotiff 3.0.5 reads tables stored away from their IFD as little-endian whatever the
 * file's byte order (geotiff.js#535, fixed upstream by #536): a big-endian file's are read here and handed to it.
 */
async function table({ tiff }: OpenTiff, image: GeoTIFFImage, tag: keyof typeof TABLE_TAGS): Promise<number[]> {
  const directory = image.fileDirectory;
  const deferred = directory.deferredArrays.get(TABLE_TAGS[tag]);
  if (deferred && !tiff.littleEndian) {
    const width = FIELD_BYTES[deferred.fieldType] ?? 4;
    const [buffer] = await tiff.source.fetch([{ offset: deferred.arrayOffset, length: width * deferred.length }]);
    const view = new DataView(buffer!);
    if (view.byteLength < width * deferred.length) throw new Error(`its ${tag} table lies beyond the end of the file`);
    const read = (i: number) => (width === 2 ? view.getUint16(i * 2) : width === 4 ? view.getUint32(i * 4) : Number(view.getBigUint64(i * 8)));
    const values = Array.from({ length: deferred.length }, (_, i) => read(i));
    directory.deferredArrays.delete(TABLE_TAGS[tag]);
    directory.actualizedFields.set(TABLE_TAGS[tag], values);
    return values;
  }
  const value = (await directory.loadValue(tag)) as unknown;
  return typeof value === 'number' ? [value] : Array.from((value ?? []) as ArrayLike<number>, Number);
}

/** Byte ranges of a page's strips or tiles. */
async function blocksOf(file: OpenTiff, image: GeoTIFFImage): Promise<{ offsets: number[]; counts: number[] }> {
  const [offsets, counts] = image.isTiled ? (['TileOffsets', 'TileByteCounts'] as const) : (['StripOffsets', 'StripByteCounts'] as const);
  return { offsets: await table(file, image, offsets), counts: await table(file, image, counts) };
}

/** A page's data must lie inside the file, and hold what its size promises (or could inflate to it). */
async function checkBlocks(image: GeoTIFFImage, kind: PageKind, file: OpenTiff, where: string): Promise<number> {
  const { offsets, counts } = await blocksOf(file, image).catch((error: unknown) => {
    throw damaged(where, error);
  });
  const stored = counts.reduce((sum, n) => sum + n, 0);
  const pageBytes = kind.width * kind.height * (kind.stored === 'float16' ? 2 : bytesPerVoxel(kind.dtype));
  if (!offsets.length || offsets.some((offset, i) => !(offset + (counts[i] ?? Infinity) <= file.size))) {
    throw new VoxbenchError('TruncatedFile', `${where}: its data lies beyond the end of the file (${file.size} bytes); the file is truncated.`);
  }
  const compressed = Number(image.fileDirectory.getValue('Compression') ?? 1) !== 1;
  if (compressed ? pageBytes > Math.max(64 << 20, stored * MAX_RATIO) : stored < pageBytes) {
    throw new VoxbenchError('CorruptFile', `${where} claims ${describeKind(kind)} pixels but stores ${stored} bytes of data.`);
  }
  return offsets[0]!;
}

interface PageRef {
  path: string;
  index: number;
  where: string;
}

const naturalOrder = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }).compare;

/** The TIFF files of a folder, by content, in natural name order (slice2 before slice10). */
async function tiffFilesIn(folder: string): Promise<string[]> {
  const names = (await readdir(folder)).filter((entry) => !entry.startsWith('.')).sort(naturalOrder);
  const tiffs: string[] = [];
  for (let i = 0; i < names.length; i += 64) {
    const batch = names.slice(i, i + 64);
    const heads = await Promise.all(batch.map((entry) => readHead(join(folder, entry), 4).catch(() => new Uint8Array())));
    tiffs.push(...batch.filter((_, j) => isTiffHead(heads[j]!)).map((entry) => join(folder, entry)));
  }
  return tiffs;
}

/** The pages of each slice of the chosen frame, validated: one size and type for all. */
async function collectPages(paths: string[], folderName: string | undefined, frame: number) {
  const first = await openTiff(paths[0]!);
  let firstPages: GeoTIFFImage[];
  let description: ReturnType<typeof describeStack>;
  try {
    firstPages = await pagesOf(first);
    if (!firstPages.length) throw new VoxbenchError('NoImage', `${first.name} holds no full-resolution page.`);
    const directory = firstPages[0]!.fileDirectory;
    const text = (await directory.loadValue('ImageDescription')) as unknown;
    // geotiff gives a RATIONAL as its [numerator, denominator] pair.
    const rational = async (tag: 'XResolution' | 'YResolution') => (await directory.loadValue(tag)) as unknown as ArrayLike<number> | undefined;
    const resolution = { x: await rational('XResolution'), y: await rational('YResolution') };
    description = describeStack(folderName ? `${folderName}/` : first.name, typeof text === 'string' ? text.replace(/\0+$/, '') : undefined, resolution);
  } catch (error) {
    await close(first);
    throw damaged(first.name, error);
  }
  const fileOrder = folderName ? undefined : usableOrder(description.order, firstPages.length);
  const frames = fileOrder?.frames ?? 1;
  if (frame >= frames) {
    await close(first);
    throw new VoxbenchError('NoSuchFrame', `${folderName ? `${folderName}/` : first.name} has ${frames} frame(s); frame ${frame} does not exist.`);
  }
  const pages: PageRef[] = [];
  let kind: PageKind | undefined;
  const take = async (file: OpenTiff, path: string, images: GeoTIFFImage[], indices: number[]) => {
    for (const index of indices) {
      const label = folderName ? `${folderName}/${file.name}` : file.name;
      const where = images.length > 1 ? `${label} page ${index + 1} of ${images.length}` : label;
      const pageKind = kindOf(images[index]!, where);
      if (!kind) await checkBlocks(images[index]!, (kind = pageKind), file, where);
      else if (describeKind(pageKind) !== describeKind(kind)) {
        throw new VoxbenchError('MixedPages', `${where} is ${describeKind(pageKind)}, the stack's first page ${describeKind(kind)}; all pages of a stack must share size and type.`);
      }
      pages.push({ path, index, where });
    }
  };
  try {
    const contiguous = fileOrder?.images !== undefined && firstPages.length === 1 && fileOrder.images > 1 ? fileOrder : undefined;
    const slice = (z: number) => fileOrder!.first + z * fileOrder!.zStride + frame * fileOrder!.frameStride;
    await take(first, paths[0]!, firstPages, contiguous ? [0] : fileOrder ? Array.from({ length: fileOrder.slices }, (_, z) => slice(z)) : firstPages.map((_, i) => i));
    for (const path of paths.slice(1)) {
      const file = await openTiff(path);
      try {
        const images = await pagesOf(file);
        await take(file, path, images, images.map((_, i) => i));
      } finally {
        await close(file);
      }
    }
    return { first, firstPages, pages, kind: kind!, calibration: description.calibration, contiguous, frames };
  } catch (error) {
    await close(first);
    throw damaged(first.name, error);
  }
}

/** The description's page order when the file's pages fit it; ImageJ's single-IFD big stacks included. */
function usableOrder(order: PageOrder | undefined, pageCount: number): PageOrder | undefined {
  if (!order) return undefined;
  const lastPage = order.first + (order.slices - 1) * order.zStride + (order.frames - 1) * order.frameStride;
  if (lastPage < pageCount) return order;
  return pageCount === 1 && order.images === order.slices * order.frames && order.images > 1 ? order : undefined;
}

async function open(path: string, { frame = 0 }: OpenOptions): Promise<VolumeSource> {
  const name = basename(path);
  const isFolder = await stat(path).then((info) => info.isDirectory(), () => false);
  const paths = isFolder ? await tiffFilesIn(path) : [path];
  if (isFolder) refuseMissingSlices(name, paths.map((file) => basename(file)));
  if (!paths.length) throw new VoxbenchError('NoImage', `${name}/ holds no TIFF files.`);
  const { first, firstPages, pages, kind, calibration, contiguous, frames } = await collectPages(paths, isFolder ? name : undefined, frame);
  const dims: Vec3 = [kind.width, kind.height, contiguous?.slices ?? pages.length];
  const placement = { path, format: 'tiff', frame: 'sample' as const, ...calibration, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], storedType: kind.stored };
  let offset: number | undefined;
  try {
    checkSize(name, dims, bytesPerVoxel(kind.dtype));
    if (contiguous) offset = await checkBlocks(firstPages[0]!, kind, first, first.name);
  } catch (error) {
    await close(first);
    throw error;
  }
  if (offset === undefined) {
    const meta = { ...placement, name, dims, dtype: kind.dtype, ...(frames > 1 && { frames: { count: frames, shown: frame } }) };
    const compressed = Number(firstPages[pages[0]!.index]!.fileDirectory.getValue('Compression') ?? 1) !== 1;
    return { meta, compressedSlices: compressed, ...pageReader(first, firstPages, pages, kind) };
  }
  await close(first);
  const layout = { name, dataPath: path, dims, dtype: kind.dtype, bigEndian: !first.tiff.littleEndian, compression: 'none' as const, offset, frames, frame, exactSize: false };
  return openRawVolume(layout, placement);
}

/** Reads slabs page by page: pages of the first file from its open handle, other files opened per slab. */
function pageReader(first: OpenTiff, firstPages: GeoTIFFImage[], pages: PageRef[], kind: PageKind): Pick<VolumeSource, 'readSlab' | 'close'> {
  const firstPath = pages[0]!.path;
  const pageBytes = kind.width * kind.height * bytesPerVoxel(kind.dtype);
  return {
    async readSlab(z0, count, into) {
      const bytes = into?.byteLength === count * pageBytes && into.BYTES_PER_ELEMENT === bytesPerVoxel(kind.dtype) ? new Uint8Array(into.buffer, into.byteOffset, into.byteLength) : new Uint8Array(count * pageBytes);
      let other: { path: string; file: OpenTiff; images: GeoTIFFImage[] } | undefined;
      const decode = async (z: number, file: OpenTiff, image: GeoTIFFImage | undefined) => {
        const page = pages[z]!;
        if (!image) throw new VoxbenchError('CorruptFile', `${page.where} is gone: the file changed after it was opened.`);
        await checkBlocks(image, kind, file, page.where);
        await readPage(file, image, kind, bytes.subarray((z - z0) * pageBytes, (z - z0 + 1) * pageBytes)).catch((error: unknown) => {
          throw error instanceof VoxbenchError ? error : new VoxbenchError('CorruptFile', `${page.where} could not be decoded: ${(error as Error)?.message ?? error}.`);
        });
      };
      try {
        for (let z = z0; z < z0 + count; z++) {
          const page = pages[z]!;
          if (page.path === firstPath) {
            // Pages of the open file a few at a time: their reads and inflating overlap on the thread pool.
            let end = z + 1;
            while (end < Math.min(z0 + count, z + PAGES_AT_ONCE) && pages[end]!.path === firstPath) end++;
            await Promise.all(Array.from({ length: end - z }, (_, i) => decode(z + i, first, firstPages[pages[z + i]!.index])));
            z = end - 1;
            continue;
          }
          if (other?.path !== page.path) {
            if (other) await close(other.file);
            other = undefined;
            const file = await openTiff(page.path);
            other = { path: page.path, file, images: [] };
            other.images = await pagesOf(file);
          }
          await decode(z, other!.file, other!.images[page.index]);
        }
      } finally {
        if (other) await close(other.file);
      }
      return into && bytes.buffer === into.buffer ? into : voxelArray(kind.dtype, bytes.buffer as ArrayBuffer);
    },
    close: () => close(first),
  };
}

/**
 * Decodes a page's strips or tiles with geotiff's codec table and copies them row by row into `target`: many
 * times faster than readRasters, which copies pixel by pixel. float16 pages go through readRasters to float32.
 */
async function readPage(file: OpenTiff, image: GeoTIFFImage, kind: PageKind, target: Uint8Array): Promise<void> {
  if (kind.stored === 'float16') {
    target.set(new Uint8Array((await image.readRasters({ interleave: true })).buffer));
    return;
  }
  const directory = image.fileDirectory;
  const compression = Number(directory.getValue('Compression') ?? 1);
  const predictor = Number(await directory.loadValue('Predictor')) || 1;
  const [blockWidth, blockHeight, width, height] = [image.getTileWidth(), image.getTileHeight(), kind.width, kind.height];
  const voxelBytes = bytesPerVoxel(kind.dtype);
  const bigEndian = !file.tiff.littleEndian;
  if (!image.isTiled && (compression === 1 || (DEFLATE.has(compression) && predictor !== 3 && inflatesOffThread))) {
    await (compression === 1 ? readRawStrips : inflateStrips)(file.handle, await blocksOf(file, image), blockHeight * width * voxelBytes, target);
    if (bigEndian) swapBytes(target, voxelBytes);
    if (predictor === 2 && compression !== 1) undoHorizontalDifferencing(target, width, voxelBytes);
    return;
  }
  const decoder = await getDecoder(compression, {
    tileWidth: blockWidth,
    tileHeight: blockHeight,
    planarConfiguration: image.planarConfiguration,
    bitsPerSample: directory.getValue('BitsPerSample') ?? [8],
    // geotiff's floating-point predictor yields little-endian samples; the integer one is undone below.
    predictor: predictor === 3 ? 3 : 1,
    ...(compression === 7 && { JPEGTables: await directory.loadValue('JPEGTables') }),
  });
  for (let by = 0; by * blockHeight < height; by++) {
    for (let bx = 0; bx * blockWidth < width; bx++) {
      const block = new Uint8Array((await image.getTileOrStrip(bx, by, 0, decoder)).data);
      const rows = Math.min(blockHeight, height - by * blockHeight);
      const rowBytes = Math.min(blockWidth, width - bx * blockWidth) * voxelBytes;
      if (block.length < (rows - 1) * blockWidth * voxelBytes + rowBytes) throw new Error(`block ${bx},${by} decodes to ${block.length} bytes, fewer than its size needs`);
      if (bigEndian && predictor !== 3) swapBytes(block, voxelBytes);
      if (predictor === 2) undoHorizontalDifferencing(block, blockWidth, voxelBytes);
      for (let row = 0; row < rows; row++) {
        const from = row * blockWidth * voxelBytes;
        target.set(block.subarray(from, from + rowBytes), ((by * blockHeight + row) * width + bx * blockWidth) * voxelBytes);
      }
    }
  }
}

export const tiffReader: ScanReader = {
  format: 'tiff',
  extensions: ['.tif', '.tiff'],
  sniff: (head) => isTiffHead(head),
  sniffFolder: (files) => {
    const tiffs = files.filter(({ head }) => isTiffHead(head)).length;
    return tiffs >= 2 && tiffs * 2 >= files.length;
  },
  open: (path, options) => open(path, options),
};
