// Where a chunked HDF5 dataset's chunks lie in the file, read from the file's own structures, so that chunks can
// be decoded outside h5wasm (whose wasm exports neither H5Dread_chunk nor H5Dget_chunk_info). h5wasm gives the
// dataset's object header address (an object reference); from there this follows the layout message to the
// version 1 B-tree that h5py writes by default. Other chunk indexes (layout v4: fixed/extensible array, v2 B-tree)
// answer undefined and the dataset stays on the h5wasm path.
import { readSync } from 'node:fs';

/** One stored chunk: its first element (per axis, slowest first), its place and stored (compressed) size. */
export interface StoredChunk {
  origin: number[];
  address: number;
  size: number;
  /** Bit i set: filter i of the pipeline was skipped for this chunk. */
  filterMask: number;
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const LAYOUT_MESSAGE = 0x0008;
const CONTINUATION_MESSAGE = 0x0010;

function bytesAt(fd: number, position: number, length: number): DataView {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  return new DataView(buffer.buffer, buffer.byteOffset, read);
}

const u64 = (view: DataView, at: number) => Number(view.getBigUint64(at, true));
const tag = (view: DataView, at: number) => String.fromCharCode(...[0, 1, 2, 3].map((i) => view.getUint8(at + i)));

/** The superblock's base address, when the file uses 8-byte offsets and lengths (all h5py/HDF5 defaults). */
function baseAddress(fd: number): number | undefined {
  for (let at = 0; at < 2 ** 40; at = at ? at * 2 : 512) {
    const head = bytesAt(fd, at, 32);
    if (head.byteLength < 32) return undefined;
    if (!SIGNATURE.every((byte, i) => head.getUint8(i) === byte)) continue;
    const version = head.getUint8(8);
    const [offsets, lengths, base] = version >= 2 ? [9, 10, 12] : [13, 14, version === 1 ? 28 : 24];
    if (head.getUint8(offsets) !== 8 || head.getUint8(lengths) !== 8) return undefined;
    return version >= 2 ? u64(head, base) : u64(bytesAt(fd, at + base, 8), 0);
  }
  return undefined;
}

interface Message {
  type: number;
  data: DataView;
}

/** Messages of a version 1 object header block (8-byte aligned, 8-byte message headers). */
function* messagesV1(fd: number, at: number, length: number): Generator<Message> {
  const block = bytesAt(fd, at, length);
  for (let p = 0; p + 8 <= block.byteLength; ) {
    const size = block.getUint16(p + 2, true);
    yield { type: block.getUint16(p, true), data: new DataView(block.buffer, block.byteOffset + p + 8, size) };
    p += 8 + size;
  }
}

/** Messages of a version 2 object header block ("OHDR" or "OCHK"; the last 4 bytes are its checksum). */
function* messagesV2(fd: number, at: number, length: number, first: number, creationOrder: boolean): Generator<Message> {
  const block = bytesAt(fd, at, length);
  const head = creationOrder ? 6 : 4;
  for (let p = first; p + head <= block.byteLength - 4; ) {
    const size = block.getUint16(p + 1, true);
    yield { type: block.getUint8(p), data: new DataView(block.buffer, block.byteOffset + p + head, size) };
    p += head + size;
  }
}

/** Every message of the object header at `at` (absolute), following continuation blocks. */
function* headerMessages(fd: number, at: number, base: number): Generator<Message> {
  const prefix = bytesAt(fd, at, 32);
  const v2 = tag(prefix, 0) === 'OHDR';
  if (!v2 && prefix.getUint8(0) !== 1) return;
  const flags = v2 ? prefix.getUint8(5) : 0;
  const creationOrder = (flags & 0x04) !== 0;
  // Continuation blocks are read after the block that names them, as HDF5 reads them.
  const blocks: { start: number; length: number; first: number }[] = [];
  if (v2) {
    const sizeAt = 6 + (flags & 0x20 ? 16 : 0) + (flags & 0x10 ? 4 : 0);
    const sizeBytes = 1 << (flags & 0x03);
    const size = sizeBytes === 8 ? u64(prefix, sizeAt) : sizeBytes === 4 ? prefix.getUint32(sizeAt, true) : sizeBytes === 2 ? prefix.getUint16(sizeAt, true) : prefix.getUint8(sizeAt);
    blocks.push({ start: at, length: sizeAt + sizeBytes + size + 4, first: sizeAt + sizeBytes });
  } else {
    blocks.push({ start: at + 16, length: prefix.getUint32(8, true), first: 0 });
  }
  for (const { start, length, first } of blocks) {
    const messages = v2 ? messagesV2(fd, start, length, first, creationOrder) : messagesV1(fd, start, length);
    for (const message of messages) {
      if (message.type !== CONTINUATION_MESSAGE) {
        yield message;
        continue;
      }
      const next = u64(message.data, 0) + base;
      // A damaged header can name a block twice (a cycle): each is read once.
      if (!blocks.some((block) => block.start === next)) blocks.push({ start: next, length: u64(message.data, 8), first: 4 });
    }
  }
}

/** Asks for these node addresses, `bytes` each, to be read from disk ahead of the reads that follow (the addon's willNeed). */
export type WillRead = (addresses: number[], bytes: number) => void;

/** Entries a node holds at most with HDF5's default K of 32 (h5py keeps it): larger nodes are read, only not asked ahead. */
const NODE_ENTRIES = 64;

/**
 * The version 1 B-tree's chunk records under the node at `root` (absolute); `rank` counts the dataset's axes. Read
 * level by level, each level's nodes asked for at once: from a cold page cache one by one they each waited for the disk.
 */
function treeChunks(fd: number, root: number, base: number, rank: number, willRead?: WillRead): StoredChunk[] {
  const keySize = 8 + 8 * (rank + 1);
  const chunks: StoredChunk[] = [];
  let nodes: { at: number; level?: number }[] = [{ at: root }];
  while (nodes.length) {
    willRead?.(nodes.map(({ at }) => at), 24 + NODE_ENTRIES * (keySize + 8) + keySize);
    const below: typeof nodes = [];
    for (const { at, level: expected } of nodes) {
      const head = bytesAt(fd, at, 24);
      if (tag(head, 0) !== 'TREE' || head.getUint8(4) !== 1) throw new Error(`no chunk B-tree node at ${at}`);
      const level = head.getUint8(5);
      // Levels fall by one per step down, so a damaged tree cannot loop.
      if (expected !== undefined && level !== expected) throw new Error(`B-tree node at ${at} has level ${level}, not ${expected}`);
      const entries = head.getUint16(6, true);
      const body = bytesAt(fd, at + 24, entries * (keySize + 8) + keySize);
      for (let i = 0; i < entries; i++) {
        const key = i * (keySize + 8);
        const child = u64(body, key + keySize) + base;
        if (level > 0) below.push({ at: child, level: level - 1 });
        else chunks.push({ origin: Array.from({ length: rank }, (_, axis) => u64(body, key + 8 + 8 * axis)), address: child, size: body.getUint32(key, true), filterMask: body.getUint32(key + 4, true) });
      }
    }
    nodes = below;
  }
  return chunks;
}

/**
 * The stored chunks of the dataset whose object header lies at `objectHeader` (as an HDF5 object reference
 * gives it), or undefined where its layout is not a version 3 chunked layout (so: not read natively).
 * Addresses are absolute file offsets.
 */
export function chunkIndexOf(fd: number, objectHeader: number, willRead?: WillRead): StoredChunk[] | undefined {
  const base = baseAddress(fd);
  if (base === undefined) return undefined;
  for (const { type, data } of headerMessages(fd, objectHeader + base, base)) {
    if (type !== LAYOUT_MESSAGE) continue;
    if (data.getUint8(0) !== 3 || data.getUint8(1) !== 2) return undefined;
    const rank = data.getUint8(2) - 1; // the last "dimension" is the element size
    const tree = u64(data, 3); // all ones (undefined address): nothing written yet
    return tree < 2 ** 53 ? treeChunks(fd, tree + base, base, rank, willRead) : [];
  }
  return undefined;
}
