// One dispatch for every transport: validates params against the contract, runs the handler, and returns
// a Reply. Handlers are typed by the contract, so a missing entry is a compile error.
import { resolve } from 'node:path';
import { z } from 'zod';
import { contract, type Contract, type CoreCalls, type Method, type Reply } from '../common/contract.js';
import { serveData } from './dataRoutes.js';
import { toWireError } from '../common/errors.js';
import { checkPaths } from '../services/fileAccess.js';
import type { Emit, HandlersOf, HostContext } from '../services/handlerTypes.js';
import { batchHandlers } from '../services/batch/handlers.js';
import { hostFilesHandlers } from '../services/hostFiles/handlers.js';
import { inferenceHandlers } from '../services/inference/handlers.js';
import type { OpenOptions } from '../services/io/reader.js';
import { readers, scanCandidates } from '../services/io/registry.js';
import { pacsHandlers } from '../services/pacs/handlers.js';
import { segmentHandlers } from '../services/segment/handlers.js';
import { openVolume, rebuildPyramid, type Services } from '../services/services.js';
import { isInPlace } from '../services/volume/inPlacePaths.js';
import { syncHandlers } from '../services/sync/handlers.js';

export interface Host {
  dispatch(method: string, params: unknown): Promise<Reply<unknown>>;
  /** Subscribes to every event stream; returns the unsubscribe. */
  onEvent(listener: Emit): () => void;
  /** The bytes at a bulk path (common/routes.ts). */
  serveData(path: string): Promise<Response>;
  services: Services;
  close(): Promise<void>;
}

export function createHost(services: Services): Host {
  const listeners = new Set<Emit>();
  const emit: Emit = (event, data) => listeners.forEach((listener) => listener(event, data));
  const { volumes } = services;

  const open = (path: string, options: OpenOptions = {}) => openVolume(services, emit, path, options);

  const core: HandlersOf<CoreCalls> = {
    'app.about': async () => ({
      name: 'Voxbench',
      version: services.version,
      transport: services.transport,
      formats: readers.map(({ format, extensions }) => ({ format, extensions })),
    }),
    'volume.list': async () => volumes.list(),
    'volume.open': async ({ path, ...options }) => {
      const info = await open(path, options);
      // The Open dialog's recent list; a failure to remember never fails the open.
      if (!isInPlace(path)) await services.recentScans.add(path).catch(() => undefined);
      return info;
    },
    'volume.candidates': async ({ path }) => (isInPlace(path) ? [] : scanCandidates(resolve(path))), // an OME-Zarr in place is one image
    'volume.openDefault': () => open(services.paths.defaultScan),
    'volume.close': async ({ id }) => {
      await services.pyramidBuilds.cancel(id);
      await volumes.close(id);
      services.segments.forget(id);
      services.openedFrom.delete(id);
      return null;
    },
    'volume.cancelPyramid': ({ id }) => services.pyramidBuilds.cancel(id),
    'volume.buildPyramid': async ({ id }) => rebuildPyramid(services, emit, id),
    'dialog.pickScan': async () => ({ path: await services.dialogs.pickScan() }),
    'dialog.saveFile': async ({ suggestedName }) => ({ path: await services.dialogs.saveFile(suggestedName) }),
  };
  const context: HostContext = { services, emit };
  const handlers: HandlersOf<Contract> = { ...core, ...segmentHandlers(context), ...inferenceHandlers(context), ...syncHandlers(context), ...batchHandlers(context), ...pacsHandlers(context), ...hostFilesHandlers(context) };

  async function dispatch(method: string, params: unknown): Promise<Reply<unknown>> {
    if (!Object.hasOwn(contract, method)) {
      return { ok: false, error: { kind: 'UnknownMethod', message: `No call named ${method}.` } };
    }
    const parsed = contract[method as Method].params.safeParse(params ?? {});
    if (!parsed.success) {
      return { ok: false, error: { kind: 'InvalidParams', message: `${method}: ${z.prettifyError(parsed.error)}` } };
    }
    try {
      checkPaths(services.fileAccess, method, parsed.data);
      const handler = handlers[method as Method] as (params: unknown) => Promise<unknown>;
      return { ok: true, result: await handler(parsed.data) };
    } catch (error) {
      return { ok: false, error: toWireError(error) };
    }
  }

  return {
    dispatch,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    serveData: (path) => serveData(path, services),
    services,
    close: () => services.close(),
  };
}

export { noDialogs } from './noDialogs.js';
