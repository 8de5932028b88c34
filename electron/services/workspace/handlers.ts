// Handlers of the workspace entries (declared in segment/calls.ts beside the segmentation they save).
import { resolve } from 'node:path';
import type { HandlersOf, HostContext } from '../handlerTypes.js';
import type { segmentCalls } from '../../common/segmentCalls.js';
import { openVolume } from '../services.js';
import { Autosave } from './autosave.js';
import { loadWorkspace, saveWorkspace } from './workspace.js';

type WorkspaceCalls = Pick<typeof segmentCalls, 'workspace.save' | 'workspace.load' | 'workspace.autosave'>;

export function workspaceHandlers({ services, emit }: HostContext): HandlersOf<WorkspaceCalls> {
  const autosave = new Autosave(services, emit);
  return {
    'workspace.save': async ({ path, measurements, view }) => ({ path: resolve(path), savedAt: await saveWorkspace(services, resolve(path), { measurements, view }) }),
    'workspace.load': ({ path }) => loadWorkspace(services, resolve(path), (scan, options) => openVolume(services, emit, scan, options)),
    'workspace.autosave': async ({ path, measurements, view }) => {
      autosave.set(path && resolve(path), { measurements, view });
      return null;
    },
  };
}
