// Registration in a SciCat v4 catalogue: the job becomes one derived dataset (POST /api/v4/datasets) with
// its files and SHA-256 checksums (POST /api/v4/origdatablocks). The pid is the job's id, and both records
// are looked up before they are created, so a retried job never makes a second dataset.
import { z } from 'zod';
import { VoxbenchError } from '../../common/errors.js';
import { datasetFolder, manifestKey } from './manifest.js';
import type { Target } from '../../common/syncModel.js';
import type { HashedSpec } from './model.js';
import { catalogueBlocksSchema, catalogueDatasetSchema } from './remoteSchemas.js';
import { withRetries } from './s3.js';

type Catalogue = NonNullable<Target['catalogue']>;
/** An OME-Zarr job's built store: one entry of the file list (its thousands of chunks are not files to a user). */
type Store = { objects: number; bytes: number };

/** The dataset's files as the catalogue lists them: the pushed files, and the OME-Zarr store as one folder. */
function catalogueFiles(spec: HashedSpec, store?: Store) {
  const files = spec.files.map(({ name, size, mtimeMs, sha256 }) => ({ path: name, size, time: new Date(mtimeMs).toISOString(), chk: sha256 }));
  return spec.omeZarr && store ? [...files, { path: `${spec.omeZarr.name}/`, size: store.bytes, time: spec.queuedAt }] : files;
}

/** CreateDerivedDatasetObsoleteDto of scicat-backend-next (src/datasets/dto/create-derived-dataset-obsolete.dto.ts). */
export function derivedDataset(target: Target, spec: HashedSpec, store?: Store) {
  const catalogue = target.catalogue!;
  const { software, models, inputScans, operations, deidentification, compute } = spec.provenance;
  return {
    pid: spec.id,
    type: 'derived',
    datasetName: spec.description.split('\n')[0]!.slice(0, 200) || spec.datasetKey,
    description: spec.description,
    owner: catalogue.owner,
    ownerGroup: catalogue.ownerGroup,
    ...(catalogue.accessGroups && { accessGroups: catalogue.accessGroups }),
    contactEmail: catalogue.contactEmail,
    investigator: catalogue.owner,
    sourceFolder: `/${target.bucket}/${datasetFolder(target, spec.datasetKey)}`,
    creationTime: spec.queuedAt,
    size: catalogueFiles(spec, store).reduce((sum, { size }) => sum + size, 0),
    numberOfFiles: catalogueFiles(spec, store).length,
    keywords: ['voxbench', 'derived', ...(deidentification ? ['de-identified'] : [])],
    inputDatasets: inputScans.map(({ id }) => id),
    usedSoftware: [`${software.name} ${software.version}`, ...models.map(({ name, sha256 }) => `${name} sha256:${sha256}`)],
    jobParameters: Object.fromEntries(models.map(({ name, parameters }) => [name, parameters])),
    scientificMetadata: {
      inputScans: inputScans.map(({ id, sha256 }) => ({ id, sha256 })),
      models: models.map(({ parameters: _parameters, ...model }) => model),
      operations,
      ...(deidentification && { deidentification }),
      ...(compute && { compute }),
      manifest: { endpoint: target.endpoint, bucket: target.bucket, key: manifestKey(target, spec.datasetKey) },
    },
  };
}

/** CreateOrigDatablockDto (src/origdatablocks/dto/create-origdatablock.dto.ts) with DataFileDto entries. */
export function origDatablock(target: Target, spec: HashedSpec, store?: Store) {
  const catalogue = target.catalogue!;
  const files = catalogueFiles(spec, store);
  return {
    datasetId: spec.id,
    ownerGroup: catalogue.ownerGroup,
    ...(catalogue.accessGroups && { accessGroups: catalogue.accessGroups }),
    size: files.reduce((sum, { size }) => sum + size, 0),
    chkAlg: 'sha256',
    dataFileList: files,
  };
}

class CatalogueHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const transient = (error: unknown) => !(error instanceof VoxbenchError) && (!(error instanceof CatalogueHttpError) || error.status >= 500 || error.status === 429);

/** A catalogue answer checked against what we rely on; a typed error naming the request otherwise. */
function checked<T>(schema: z.ZodType<T>, answer: unknown, what: string): T {
  const parsed = schema.safeParse(answer);
  if (!parsed.success) throw new VoxbenchError('BadCatalogueAnswer', `${what} answered something unexpected: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

async function request(catalogue: Catalogue, token: string | undefined, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(new URL(path, catalogue.url.replace(/\/?$/, '/')), {
    method,
    headers: { Accept: 'application/json', ...(token && { Authorization: `Bearer ${token}` }), ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status === 404) return null;
  if (!response.ok) throw new CatalogueHttpError(response.status, `${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

/** A failed catalogue request as a typed error: refused credentials, a refusal, or no answer at all. */
function catalogueFailure(error: unknown, where: string): VoxbenchError {
  const status = error instanceof CatalogueHttpError ? error.status : undefined;
  const kind = status === 401 || status === 403 ? 'CatalogueAccessDenied' : status ? 'CatalogueRejected' : 'CatalogueOffline';
  return new VoxbenchError(kind, `${where}: ${(error as Error).message}`);
}

/** Registers the job's dataset and its file list once; returns the pid. */
export async function register(target: Target, spec: HashedSpec, token: string | undefined, signal?: AbortSignal, store?: Store): Promise<string> {
  const catalogue = target.catalogue!;
  const pid = encodeURIComponent(spec.id);
  try {
    await withRetries(
      async () => {
        const found = await request(catalogue, token, 'GET', `api/v4/datasets/${pid}`);
        if (!found) await request(catalogue, token, 'POST', 'api/v4/datasets', derivedDataset(target, spec, store));
        else if (checked(catalogueDatasetSchema, found, `GET ${catalogue.url} datasets/${pid}`).pid !== spec.id) throw new VoxbenchError('BadCatalogueAnswer', `GET ${catalogue.url} datasets/${pid} answered another dataset.`);
        const answer = await request(catalogue, token, 'GET', `api/v4/datasets/${pid}/origdatablocks`);
        const blocks = answer === null ? [] : checked(catalogueBlocksSchema, answer, `GET ${catalogue.url} datasets/${pid}/origdatablocks`);
        if (!blocks.length) await request(catalogue, token, 'POST', 'api/v4/origdatablocks', origDatablock(target, spec, store));
      },
      { signal, isTransient: transient },
    );
  } catch (error) {
    if (signal?.aborted || error instanceof VoxbenchError) throw error;
    throw catalogueFailure(error, `Catalogue ${catalogue.url} (target ${target.name})`);
  }
  return spec.id;
}

/** Whether the catalogue answers a read with this token (Test connection); throws CatalogueOffline / CatalogueAccessDenied / CatalogueRejected. */
export async function checkCatalogue(catalogue: Catalogue, token: string | undefined): Promise<void> {
  let answer: unknown;
  try {
    answer = await request(catalogue, token, 'GET', 'api/v4/datasets?limit=1');
  } catch (error) {
    throw catalogueFailure(error, `Catalogue ${catalogue.url}`);
  }
  if (!Array.isArray(answer)) throw new VoxbenchError('CatalogueRejected', `Catalogue ${catalogue.url}: GET api/v4/datasets answered no list of datasets; is this a SciCat v4 address?`);
}
