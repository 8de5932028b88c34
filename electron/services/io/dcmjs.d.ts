// The part of dcmjs (no types of its own) Voxbench uses: DICOM Part 10 read/write and naturalized data sets.
declare module 'dcmjs' {
  /** A data set keyed by tag ("00100010"), as in the file: { vr, Value }. */
  export type DicomElements = Record<string, { vr: string; Value?: unknown[]; InlineBinary?: string; BulkDataURI?: string }>;
  /** A data set keyed by keyword ("PatientName"), sequences as arrays of data sets. */
  export type NaturalDataset = Record<string, unknown> & { _vrMap?: Record<string, string> };
  export class DicomDict {
    constructor(meta: DicomElements);
    meta: DicomElements;
    dict: DicomElements;
    write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
  }
  const dcmjs: {
    data: {
      DicomDict: typeof DicomDict;
      DicomMessage: { readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean; untilTag?: string; includeUntilTagValue?: boolean }): DicomDict };
      DicomMetaDictionary: {
        naturalizeDataset(dict: DicomElements): NaturalDataset;
        denaturalizeDataset(dataset: NaturalDataset): DicomElements;
        dictionary: Record<string, { tag: string; vr: string; name: string; vm: string }>;
        nameMap: Record<string, { tag: string; vr: string; name: string }>;
      };
      Colors: { rgb82DICOMLAB(rgb: ArrayLike<number>): number[]; dicomlab2RGB8(lab: ArrayLike<number>): number[] };
    };
  };
  export default dcmjs;
}
