// Corner annotations from a DICOM header: pydicom's CT_small's values (pydicom.dcmread), as a reader writes them.
import { describe, expect, test } from 'vitest';
import { cornerLines } from '../../renderer/display/cornerAnnotations';
import { formatDicomDate, formatPersonName } from '../../renderer/display/dicomText';

describe('DICOM text', () => {
  test('person names family first, without carets', () => {
    expect(formatPersonName('CompressedSamples^CT1')).toBe('CompressedSamples, CT1');
    expect(formatPersonName('DOE^JOHN^Q^^')).toBe('DOE, JOHN Q');
    expect(formatPersonName('Anonymous')).toBe('Anonymous');
    expect(formatPersonName(undefined)).toBe('');
  });

  test('dates with dashes; anything else as it is', () => {
    expect(formatDicomDate('20040119')).toBe('2004-01-19');
    expect(formatDicomDate('2004')).toBe('2004');
  });
});

describe('corner lines', () => {
  const slice = { number: 3, count: 12, location: -12.345, unit: 'mm' };

  test("CT_small's patient, study and series", () => {
    const lines = cornerLines({ patientName: 'CompressedSamples^CT1', patientId: '1CT1', patientSex: 'O', studyDate: '20040119', modality: 'CT', institution: 'JFK IMAGING CENTER', seriesNumber: 1, studyDescription: 'e+1' }, slice);
    expect(lines).toEqual({
      topRight: ['CompressedSamples, CT1', 'ID 1CT1 · other'],
      bottomLeft: ['JFK IMAGING CENTER', '2004-01-19 · e+1', 'CT · series 1'],
      bottomRight: ['Location -12.3 mm'],
    });
  });

  test('a volume without DICOM shows only its slice', () => {
    expect(cornerLines(undefined, slice)).toEqual({ topRight: [], bottomLeft: [], bottomRight: ['Location -12.3 mm'] });
  });
});
