// Prompt model answers are held here as previews, one per volume, until the user accepts them (imported as
// segments, one entry in the volume's log) or rejects them (dropped, nothing logged).
import { VoxbenchError } from '../../common/errors.js';
import type { PromptPreview } from '../../common/inferenceCalls.js';
import type { ModelRun } from './runner.js';

/** Runs of non-zero labels, as [start, length] pairs flattened. */
export function labelRuns(labels: ArrayLike<number>): number[] {
  const runs: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (!labels[i]) continue;
    const start = i;
    while (i < labels.length && labels[i]) i++;
    runs.push(start, i - start);
  }
  return runs;
}

export class PromptPreviews {
  private readonly held = new Map<string, ModelRun>();

  hold(volumeId: string, run: ModelRun): PromptPreview {
    this.held.set(volumeId, run);
    const runs = labelRuns(run.labels);
    let voxels = 0;
    for (let i = 1; i < runs.length; i += 2) voxels += runs[i]!;
    return { volumeId, model: run.provenance.model, seconds: run.provenance.seconds, voxels, runs };
  }

  /** The held run, taken out of the store. */
  take(volumeId: string): ModelRun {
    const run = this.held.get(volumeId);
    if (!run) throw new VoxbenchError('NoPreview', `No prompt model preview waits on volume ${volumeId}: run a prompt model first.`);
    this.held.delete(volumeId);
    return run;
  }

  drop(volumeId: string): void {
    this.held.delete(volumeId);
  }
}
