// The job ids of long tasks that report on the `progress` stream, one builder per kind: the side that
// reports and the side that listens (or cancels) name a job through the same entry.
export const jobIds = {
  /** Reading a scan (and building its pyramid), named by the file. */
  open: (fileName: string) => `open ${fileName}`,
  /** Edits of a volume's segmentation, one stream per volume. */
  segment: (volumeId: string) => `segment ${volumeId}`,
  /** Building a volume's segment surfaces. */
  surfaces: (volumeId: string) => `surfaces ${volumeId}`,
  /** One model run the page started (inference.run / inference.preview take it as `job`, inference.cancel too). */
  inference: (run: number) => `inference-${run}`,
};
