// What a radiology viewer writes in a slice view's corners, from the DICOM header the volume came with:
// patient (top right, under the window/level), study and series (bottom left), the slice's location (bottom
// right; its number is in the view's label).
import type { DicomInfo } from '../../electron/common/contract';
import { formatDicomDate, formatPersonName } from './dicomText';

export interface CornerLines {
  topRight: string[];
  bottomLeft: string[];
  bottomRight: string[];
}

const SEX: Record<string, string> = { M: 'male', F: 'female', O: 'other' };
const joined = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(' · ');

/** The corners' lines; a line whose values are all missing is left out. `location` is in the volume's unit. */
export function cornerLines(dicom: DicomInfo | undefined, slice: { location: number; unit: string }): CornerLines {
  const info = dicom ?? {};
  const patient = [
    formatPersonName(info.patientName),
    joined(info.patientId && `ID ${info.patientId}`, info.patientSex && (SEX[info.patientSex] ?? info.patientSex), info.patientBirthDate && `born ${formatDicomDate(info.patientBirthDate)}`),
  ];
  const study = [
    info.institution,
    joined(formatDicomDate(info.studyDate), info.studyDescription),
    joined(info.modality, info.seriesNumber !== undefined ? `series ${info.seriesNumber}` : undefined, info.seriesDescription),
  ];
  return {
    topRight: patient.filter((line): line is string => Boolean(line)),
    bottomLeft: study.filter((line): line is string => Boolean(line)),
    bottomRight: [`Location ${slice.location.toFixed(1)} ${slice.unit}`],
  };
}
