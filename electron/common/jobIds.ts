// The job ids of long tasks that report on the `progress` stream, one builder per kind: the side that
// reports and the side that listens (or cancels) name a job through the same entry.
const prefixes = { open: 'open ', pyramid: 'pyramid ', segment: 'segment ', surfaces: 'surfaces ', inference: 'inference-', pacs: 'pacs ' } as const;

export type MainJobKind = keyof typeof prefixes;

export const jobIds = {
  /** Reading a scan (and building its pyramid), named by the file. */
  open: (fileName: string) => `${prefixes.open}${fileName}`,
  /** Building a large volume's pyramid in the background, while its slices show. */
  pyramid: (volumeId: string) => `${prefixes.pyramid}${volumeId}`,
  /** Edits of a volume's segmentation, one stream per volume. */
  segment: (volumeId: string) => `${prefixes.segment}${volumeId}`,
  /** Building a volume's segment surfaces. */
  surfaces: (volumeId: string) => `${prefixes.surfaces}${volumeId}`,
  /** One model run the page started (inference.run / inference.preview take it as `job`, inference.cancel too). */
  inference: (run: number) => `${prefixes.inference}${run}`,
  /** Retrieving a series from a PACS (pacs.openSeries takes it as `job`, pacs.cancel too). */
  pacs: (seriesUid: string) => `${prefixes.pacs}${seriesUid}`,
};

/** The kind of job an id names, or undefined for an id the main side does not give. */
export const jobKindOf = (id: string): MainJobKind | undefined => (Object.keys(prefixes) as MainJobKind[]).find((kind) => id.startsWith(prefixes[kind]));
