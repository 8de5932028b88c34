// The session's segment surfaces: built in a worker on demand, cached per labelmap version and options,
// served as bytes to the renderer and written to STL/glb.
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Emit } from '../../handlerTypes.js';
import { VoxbenchError } from '../../../common/errors.js';
import { jobIds } from '../../../common/jobIds.js';
import { routes, type RouteParams } from '../../../common/routes.js';
import type { Labels, Mesh } from '../kernels/index.js';
import { defaultSurfaceOptions, type Grid, type SurfaceOptions } from './build.js';
import type { SurfaceBuild, SurfaceBuilder } from './buildInWorker.js';
import type { SurfaceInfo } from '../../../common/surfaceCalls.js';
import { writeGlb } from './glb.js';
import { meshBounds, meshMeasures } from './measure.js';
import { writeStl } from './stl.js';

/** What surfaces are made from: a volume's segment table, and its labels on their grid (read only when a mesh must be built). */
export interface SegmentedVolume {
  labels(): Promise<{ grid: Grid; labels: Labels }>;
  segments: { value: number; name: string; color: [number, number, number] }[];
  /** Changes whenever the labelmap does, so cached meshes of an older one are not served. */
  version: number;
}

export type ExportFormat = 'stl' | 'glb';

export class Surfaces {
  /** Built meshes by their bulk path (SurfaceInfo.mesh). */
  private readonly meshes = new Map<string, { info: SurfaceInfo; mesh: Mesh }>();
  private readonly running = new Map<string, SurfaceBuild>();

  constructor(
    private readonly segmented: (volumeId: string) => SegmentedVolume,
    private readonly emit: Emit,
    private readonly builder: SurfaceBuilder,
  ) {}

  /** Display meshes of the chosen segments (all when `labels` is left out), building those not cached. */
  async build(volumeId: string, labels?: number[], options: Partial<SurfaceOptions> = {}): Promise<SurfaceInfo[]> {
    const volume = this.segmented(volumeId);
    // Options left out (undefined, as the contract passes them) keep their defaults.
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    const settings: SurfaceOptions = { ...defaultSurfaceOptions, ...given };
    const chosen = labels ? labels.map((label) => this.segmentOf(volume, volumeId, label)) : volume.segments;
    const meshPath = (label: number) => routes.surfaceMesh.path({ volumeId, value: label, build: `${volume.version}-${settings.smoothing}-${settings.maxTriangles}` });
    const missing = chosen.filter(({ value }) => !this.meshes.has(meshPath(value)));
    if (missing.length > 0) {
      const { labels, grid } = await volume.labels();
      this.running.get(volumeId)?.cancel();
      const job = jobIds.surfaces(volumeId);
      const build = this.builder.build({ labels, grid, segmentLabels: missing.map(({ value }) => value), options: settings }, (done, total) =>
        this.emit('progress', { job, done, total, message: `Building segment surfaces: ${done} of ${total}` }),
      );
      this.running.set(volumeId, build);
      try {
        for (const [label, mesh] of await build.meshes) {
          const { value, name, color } = missing.find((s) => s.value === label)!;
          const path = meshPath(label);
          this.forgetWhere((old) => old.volumeId === volumeId && old.value === label);
          const { volume: volumeMm3, area: areaMm2 } = meshMeasures(mesh);
          const info: SurfaceInfo = { value, name, color, vertices: mesh.positions.length / 3, triangles: mesh.indices.length / 3, volumeMm3, areaMm2, bounds: mesh.indices.length ? meshBounds(mesh.positions) : undefined, mesh: path };
          this.meshes.set(path, { info, mesh });
        }
      } finally {
        if (this.running.get(volumeId) === build) this.running.delete(volumeId);
      }
    }
    return chosen.map(({ value }) => this.meshes.get(meshPath(value))!.info);
  }

  cancel(volumeId: string): void {
    this.running.get(volumeId)?.cancel();
  }

  /** The bytes at a SurfaceInfo's `mesh` path: positions then indices. */
  meshBytes(path: string): Uint8Array | undefined {
    const cached = this.meshes.get(path);
    if (!cached) return undefined;
    const { positions, indices } = cached.mesh;
    const bytes = new Uint8Array(positions.byteLength + indices.byteLength);
    bytes.set(new Uint8Array(positions.buffer, positions.byteOffset, positions.byteLength));
    bytes.set(new Uint8Array(indices.buffer, indices.byteOffset, indices.byteLength), positions.byteLength);
    return bytes;
  }

  /** The chosen segments' surfaces as an STL or glb file's bytes. */
  async exportBytes(volumeId: string, format: ExportFormat, labels?: number[]): Promise<{ bytes: Uint8Array; triangles: number }> {
    const infos = await this.build(volumeId, labels);
    const title = `volume ${volumeId}`;
    const meshes = infos.map((info) => ({ ...info, opacity: 1, mesh: this.meshes.get(info.mesh)!.mesh }));
    const bytes = format === 'stl' ? writeStl(meshes.map(({ mesh }) => mesh), title) : writeGlb(meshes, title);
    return { bytes, triangles: infos.reduce((sum, info) => sum + info.triangles, 0) };
  }

  async exportFile(volumeId: string, format: ExportFormat, path: string, labels?: number[]): Promise<{ path: string; bytes: number; triangles: number }> {
    const { bytes, triangles } = await this.exportBytes(volumeId, format, labels);
    if (triangles === 0) throw new VoxbenchError('NothingToExport', `${basename(path)}: the chosen segments have no voxels, so there is no surface to write.`);
    await writeFile(path, bytes).catch((error: Error) => {
      throw new VoxbenchError('WriteFailed', `Could not write ${path}: ${error.message}`);
    });
    return { path, bytes: bytes.length, triangles };
  }

  /** Cached meshes of a closed volume go with it. */
  forget(volumeId: string): void {
    this.cancel(volumeId);
    this.forgetWhere((old) => old.volumeId === volumeId);
  }

  private forgetWhere(stale: (mesh: RouteParams<'surfaceMesh'>) => boolean): void {
    for (const path of [...this.meshes.keys()]) if (stale(routes.surfaceMesh.parse(path)!)) this.meshes.delete(path);
  }

  private segmentOf(volume: SegmentedVolume, volumeId: string, label: number) {
    const segment = volume.segments.find((s) => s.value === label);
    if (!segment) throw new VoxbenchError('UnknownSegment', `Volume ${volumeId} has no segment with label ${label}.`);
    return segment;
  }
}
