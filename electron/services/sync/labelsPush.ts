// The segmentation of a volume opened in place (s3://<target>/<dataset>/<store>) pushed back as an NGFF label
// image: built by the one pyramid writer (block mode, so every level holds valid label values; in a worker,
// labelImage.ts) into staging now, as the labelmap lives only in this process, then queued as a derived dataset of its own whose provenance
// names the image dataset (its pid, and the SHA-256 of the manifest that was read) with the operation log.
// Its own folder, not `labels/` inside the image's store: the image dataset stays as its manifest describes it,
// two pushes never race on one `labels/.zattrs`, and the label image opens in place like any other.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { VoxbenchError } from '../../common/errors.js';
import type { SegmentInfo } from '../../common/segmentCalls.js';
import type { Provenance } from '../../common/syncModel.js';
import { labelmapMeta } from '../segment/labelFiles.js';
import type { Services } from '../services.js';
import { isTargetDataset } from '../volume/inPlacePaths.js';
import type { ImageLabel } from '../volume/omeZarr.js';
import { buildLabelImage } from './labelImage.js';
import { datasetManifest } from './pull.js';
import type { PushRequest } from './queue.js';
import { modelsOf, software } from './segmentationPush.js';
import { credentialsFor } from './secrets.js';
import { stagingFolder } from './staging.js';
import { TargetStore } from './targets.js';

/** Where an in-place volume lies: s3://<target>/<dataset key>/<store>. */
function inPlaceDataset(path: string, volumeName: string): { target: string; datasetKey: string; store: string } {
  const match = isTargetDataset(path) ? /^s3:\/\/([^/]+)\/([^/]+)\/([^/]+?)\/*$/i.exec(path) : null;
  if (!match) throw new VoxbenchError('NotInPlace', `${volumeName} was not opened in place from a data-centre dataset (s3://<target>/<dataset>/<store>): push its segmentation as files.`);
  return { target: match[1]!, datasetKey: match[2]!, store: match[3]! };
}

/** The segments' colours and names; `image` is the labelled image's path from the label image, when both lie on one target. */
export function imageLabelOf(segments: Pick<SegmentInfo, 'value' | 'name' | 'color'>[], image?: string): ImageLabel {
  return {
    colors: segments.map(({ value, color }) => ({ 'label-value': value, rgba: [...color, 255] })),
    properties: segments.map(({ value, name }) => ({ 'label-value': value, name })),
    ...(image && { source: { image } }),
  };
}

export async function labelsPush(services: Services, request: { target: string; volumeId: string; description: string }): Promise<PushRequest> {
  const { info } = services.volumes.get(request.volumeId);
  const image = inPlaceDataset(info.path, info.name);
  const { settingsDir, secrets } = services.sync;
  const targets = new TargetStore(settingsDir);
  await targets.get(request.target); // an unknown target is refused before anything is built for it
  const imageTarget = await targets.get(image.target);
  const { manifest, sha256 } = await datasetManifest(imageTarget, await credentialsFor(imageTarget, secrets), image.datasetKey);
  const { segments } = services;
  const segmentation = segments.has(request.volumeId) ? segments.of(request.volumeId) : undefined;
  if (!segmentation?.segments.length) throw new VoxbenchError('NothingToPush', `${info.name} has no segments to push.`);
  const log = segments.log(request.volumeId);
  const provenance: Provenance = {
    inputScans: [{ id: manifest.pid ?? manifest.datasetKey, sha256 }],
    software: software(services),
    models: modelsOf(log),
    operations: log.map((entry) => ({ ...entry })),
  };
  const folder = await stagingFolder(settingsDir);
  const store = join(folder, `${image.store.replace(/(\.ome)?\.zarr$/i, '')}.labels.ome.zarr`);
  // From the label image at <dataset>/<store>/ up to the datasets' root, then down to the image.
  const labels = imageLabelOf(segmentation.segments, request.target === image.target ? `../../${image.datasetKey}/${image.store}` : undefined);
  try {
    await segmentation.exclusive(() => buildLabelImage(segmentation.labelmap, labelmapMeta(info, segmentation.labelmap, store), store, labels));
  } catch (error) {
    await rm(folder, { recursive: true, force: true }); // no job will own what was half built
    throw error;
  }
  return { target: request.target, files: [], store, description: request.description, provenance };
}
