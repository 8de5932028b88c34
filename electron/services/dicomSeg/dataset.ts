// A binary DICOM Segmentation (PS3.3 A.51) as a dcmjs naturalized data set: the patient and study of its source
// series copied, one segment per label, and per frame its segment, its plane and the source slice it derives from.
// Written here rather than by dcmjs's Segmentation derivation, which wants whole source data sets in memory.
import type { NaturalDataset } from 'dcmjs';
import dcmjs from 'dcmjs';
import type { Vec3 } from '../../common/contract.js';
import type { SegmentAlgorithm } from './algorithms.js';

export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Voxbench's UID root: UUID-derived UIDs (PS3.5 B.2) under 2.25 need no registered root. */
const IMPLEMENTATION_CLASS_UID = '2.25.305828488182572862659883757516428946925';

/** One slice of the source series, in volume order. */
export interface SourceSlice {
  sopClassUid: string;
  sopInstanceUid: string;
  /** Frame number (from 1) in a multi-frame source file. */
  frameNumber?: number;
  position: Vec3;
}

export interface SegSegment {
  label: string;
  color: [number, number, number];
  algorithm: SegmentAlgorithm;
}

/** One frame: a segment (number from 1) on a slice (index into the slices). */
export interface SegFrame {
  segment: number;
  slice: number;
}

export interface SegContent {
  /** The first source file's data set: patient, study, frame of reference and equipment are taken from it. */
  source: NaturalDataset;
  seriesUid: string;
  slices: SourceSlice[];
  rows: number;
  columns: number;
  /** Row cosines, then column cosines. */
  orientation: number[];
  /** [between rows, between columns]. */
  pixelSpacing: [number, number];
  sliceSpacing: number;
  segments: SegSegment[];
  frames: SegFrame[];
  /** Frames' bits, one per pixel, packed from the least significant bit, frames back to back. */
  pixels: Uint8Array;
  software: string;
  now: Date;
}

/** A new UID: 2.25 and a random UUID as a decimal number. */
export function newUid(): string {
  return `2.25.${BigInt(`0x${crypto.randomUUID().replace(/-/g, '')}`)}`;
}

const code = (value: string, scheme: string, meaning: string) => [{ CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning }];
/** SNOMED CT 85756007 "Tissue": the category and type of a segment the user has not coded (as dcmqi's default). */
const TISSUE = code('85756007', 'SCT', 'Tissue');
const ds = (value: number) => +value.toFixed(6);
const dateOf = (now: Date) => now.toISOString().slice(0, 10).replace(/-/g, '');
const timeOf = (now: Date) => now.toISOString().slice(11, 19).replace(/:/g, '');

/** Patient, study and frame of reference: a SEG belongs to its source's study (type 2 attributes kept, even empty). */
const COPIED = ['PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex', 'StudyInstanceUID', 'StudyDate', 'StudyTime', 'ReferringPhysicianName', 'StudyID', 'AccessionNumber', 'StudyDescription', 'FrameOfReferenceUID', 'PatientIdentityRemoved', 'DeidentificationMethod', 'DeidentificationMethodCodeSequence'];
const TYPE2 = new Set(['PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex', 'StudyDate', 'StudyTime', 'ReferringPhysicianName', 'StudyID', 'AccessionNumber']);

function copied(source: NaturalDataset): NaturalDataset {
  const out: NaturalDataset = { _vrMap: {} };
  for (const key of COPIED) {
    if (source[key] !== undefined) out[key] = source[key];
    else if (TYPE2.has(key)) out[key] = '';
  }
  // The Frame of Reference module's type 2 attribute, only with the module.
  if (out.FrameOfReferenceUID) out.PositionReferenceIndicator = source.PositionReferenceIndicator ?? '';
  return out;
}

function segmentItem({ label, color, algorithm }: SegSegment, index: number): NaturalDataset {
  return {
    SegmentNumber: index + 1,
    SegmentLabel: label.slice(0, 64),
    SegmentAlgorithmType: algorithm.type,
    ...(algorithm.type !== 'MANUAL' && { SegmentAlgorithmName: (algorithm.name ?? 'Voxbench').slice(0, 64) }),
    SegmentedPropertyCategoryCodeSequence: TISSUE,
    SegmentedPropertyTypeCodeSequence: TISSUE,
    RecommendedDisplayCIELabValue: dcmjs.data.Colors.rgb82DICOMLAB(color),
  };
}

function frameItem({ segment, slice }: SegFrame, slices: SourceSlice[]): NaturalDataset {
  const { sopClassUid, sopInstanceUid, frameNumber, position } = slices[slice]!;
  return {
    DerivationImageSequence: [
      {
        SourceImageSequence: [
          {
            ReferencedSOPClassUID: sopClassUid,
            ReferencedSOPInstanceUID: sopInstanceUid,
            ...(frameNumber !== undefined && { ReferencedFrameNumber: frameNumber }),
            PurposeOfReferenceCodeSequence: code('121322', 'DCM', 'Source image for image processing operation'),
          },
        ],
        DerivationCodeSequence: code('113076', 'DCM', 'Segmentation'),
      },
    ],
    FrameContentSequence: [{ DimensionIndexValues: [segment, slice + 1] }],
    PlanePositionSequence: [{ ImagePositionPatient: position.map(ds) }],
    SegmentIdentificationSequence: [{ ReferencedSegmentNumber: segment }],
  };
}

/** OB values have even length (PS3.5 7.1.1): a copy padded with a zero byte. */
function evenBytes(bytes: Uint8Array): ArrayBuffer {
  const even = new Uint8Array(bytes.length + (bytes.length % 2));
  even.set(bytes);
  return even.buffer;
}

/** The SEG's data set and its file meta information. */
export function segDataset(content: SegContent): { meta: NaturalDataset; dataset: NaturalDataset } {
  const { source, slices, frames, now } = content;
  const instanceUid = newUid();
  const dimensionUid = newUid();
  const dimension = (pointer: string, group: string, label: string) => ({ DimensionOrganizationUID: dimensionUid, DimensionIndexPointer: pointer, FunctionalGroupPointer: group, DimensionDescriptionLabel: label });
  const referenced = [...new Map(slices.map((slice) => [slice.sopInstanceUid, slice])).values()];
  const dataset: NaturalDataset = {
    ...copied(source),
    SOPClassUID: SEGMENTATION_STORAGE,
    SOPInstanceUID: instanceUid,
    SpecificCharacterSet: 'ISO_IR 192',
    Modality: 'SEG',
    SeriesInstanceUID: content.seriesUid,
    SeriesNumber: 300,
    SeriesDescription: 'Segmentation',
    InstanceNumber: 1,
    ContentDate: dateOf(now),
    ContentTime: timeOf(now),
    SeriesDate: dateOf(now),
    SeriesTime: timeOf(now),
    Manufacturer: 'Voxbench',
    ManufacturerModelName: 'Voxbench',
    DeviceSerialNumber: '1',
    SoftwareVersions: content.software,
    ImageType: ['DERIVED', 'PRIMARY'],
    ContentLabel: 'SEGMENTATION',
    ContentDescription: 'Voxbench segmentation',
    ContentCreatorName: '',
    SegmentationType: 'BINARY',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: content.rows,
    Columns: content.columns,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    NumberOfFrames: frames.length,
    SegmentSequence: content.segments.map(segmentItem),
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: dimensionUid }],
    DimensionIndexSequence: [dimension('0062000B', '0062000A', 'ReferencedSegmentNumber'), dimension('00200032', '00209113', 'ImagePositionPatient')],
    SharedFunctionalGroupsSequence: [
      {
        PlaneOrientationSequence: [{ ImageOrientationPatient: content.orientation.map(ds) }],
        PixelMeasuresSequence: [{ PixelSpacing: content.pixelSpacing.map(ds), SliceThickness: ds(content.sliceSpacing), SpacingBetweenSlices: ds(content.sliceSpacing) }],
      },
    ],
    PerFrameFunctionalGroupsSequence: frames.map((frame) => frameItem(frame, slices)),
    ReferencedSeriesSequence: [
      {
        SeriesInstanceUID: source.SeriesInstanceUID,
        ReferencedInstanceSequence: referenced.map((slice) => ({ ReferencedSOPClassUID: slice.sopClassUid, ReferencedSOPInstanceUID: slice.sopInstanceUid })),
      },
    ],
    PixelData: [evenBytes(content.pixels)],
    _vrMap: { PixelData: 'OB' },
  };
  const meta: NaturalDataset = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: SEGMENTATION_STORAGE,
    MediaStorageSOPInstanceUID: instanceUid,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: 'VOXBENCH',
  };
  return { meta, dataset };
}

/** A data set and its meta information as Part 10 file bytes. */
export function part10(meta: NaturalDataset, dataset: NaturalDataset): Uint8Array {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}
