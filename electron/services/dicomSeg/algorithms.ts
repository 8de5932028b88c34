// How each segment was made, from the operation log, as DICOM SEG's Segment Algorithm Type and Name (PS3.3
// C.8.20.2): a model's labels untouched are AUTOMATIC (named by the model and its version), labels a model or a
// region tool proposed and a person then shaped are SEMIAUTOMATIC, strokes alone are MANUAL.
import type { Action } from '../segment/actions.js';
import { actionSegment } from '../segment/actions.js';

export type AlgorithmType = 'MANUAL' | 'SEMIAUTOMATIC' | 'AUTOMATIC';

export interface SegmentAlgorithm {
  type: AlgorithmType;
  /** Segment Algorithm Name: required unless MANUAL. */
  name?: string;
}

/** Tools that only follow the user's hand; every other tool decides voxels from the image or the labels. */
const MANUAL_TOOLS = new Set(['paint', 'erase', 'scissors', 'delete', 'merge']);

interface Made {
  models: string[];
  tools: Set<string>;
  touched: boolean;
}

/** Each segment's algorithm, by label value, from the actions that made the labelmap (oldest first). */
export function segmentAlgorithms(actions: Action[]): Map<number, SegmentAlgorithm> {
  const made = new Map<number, Made>();
  const of = (value: number) => made.get(value) ?? made.set(value, { models: [], tools: new Set(), touched: false }).get(value)!;
  for (const action of actions) {
    if (action.kind === 'import') {
      const { source, model, version } = action.provenance as { source?: string; model?: string; version?: string };
      for (const segment of action.segments) {
        if (source === 'inference' && model) of(segment.value).models.push(`${model} ${version ?? ''}`.trim());
        else of(segment.value).touched = true;
      }
      continue;
    }
    const value = actionSegment(action);
    if (action.kind !== 'edit' || value === undefined) continue;
    const entry = of(value);
    entry.tools.add(action.edit.tool);
    entry.touched = true;
  }
  const algorithms = new Map<number, SegmentAlgorithm>();
  for (const [value, { models, tools, touched }] of made) {
    const automatic = [...tools].filter((tool) => !MANUAL_TOOLS.has(tool));
    if (models.length && !touched) algorithms.set(value, { type: 'AUTOMATIC', name: models.join(', ') });
    else if (models.length || automatic.length) algorithms.set(value, { type: 'SEMIAUTOMATIC', name: [...models, ...automatic.map((tool) => `Voxbench ${tool}`)].join(', ') });
    else algorithms.set(value, { type: 'MANUAL' });
  }
  return algorithms;
}
