// The PACS domain's pure parts: multipart/related bodies as RFC 2046 frames them, QIDO-RS query parameters as
// PS3.18 8.3.4 spells them, the order slices are asked for, and the volume they arrive into.
import { describe, expect, test } from 'vitest';
import { arrivalOrder } from '../../electron/services/pacs/arrivalOrder';
import { headerOfMetadata } from '../../electron/services/pacs/seriesMetadata';
import { boundaryOf, multipartBodies } from '../../electron/services/pacs/multipart';
import { ArrivingSource } from '../../electron/services/volume/arrivingSource';
import { studyParameters } from '../../electron/services/pacs/studySearch';

describe('multipart/related', () => {
  const body = (text: string) => new TextEncoder().encode(text);

  test('the boundary, quoted or not', () => {
    expect(boundaryOf('multipart/related; type="application/dicom"; boundary="abc-123"')).toBe('abc-123');
    expect(boundaryOf('multipart/related; boundary=xyz; type=application/dicom')).toBe('xyz');
    expect(boundaryOf('application/dicom')).toBeUndefined();
  });

  test('each part body, bytes kept exactly (CR LF inside a body stays)', () => {
    const text = '--b\r\nContent-Type: application/dicom\r\n\r\nDICM\r\n1\r\n--b\r\nContent-Type: application/dicom\r\n\r\nsecond\r\n--b--\r\n';
    const parts = multipartBodies(body(text), 'b', 'test').map((part) => new TextDecoder().decode(part));
    expect(parts).toEqual(['DICM\r\n1', 'second']);
  });

  test('a body cut short is an error, not a short part', () => {
    expect(() => multipartBodies(body('--b\r\nContent-Type: x\r\n\r\nhalf'), 'b', 'test')).toThrow(/ends inside a part/);
  });
});

describe('study query parameters', () => {
  test('names match as prefixes unless wildcards are written; dates as a range', () => {
    expect(studyParameters({ patientName: 'Doe', dateFrom: '20240101', modality: 'CT', accessionNumber: ' A1 ' })).toMatchObject({
      PatientName: 'Doe*',
      StudyDate: '20240101-',
      ModalitiesInStudy: 'CT',
      AccessionNumber: 'A1',
      limit: '100',
    });
    expect(studyParameters({ patientName: 'D?e*', dateTo: '20241231' })).toMatchObject({ PatientName: 'D?e*', StudyDate: '-20241231' });
  });

  test('nothing given lists every study', () => {
    expect(Object.keys(studyParameters({})).sort()).toEqual(['includefield', 'limit']);
  });
});

describe('slices arriving', () => {
  test('the middle first, then outwards, each once', () => {
    expect(arrivalOrder(1)).toEqual([0]);
    expect(arrivalOrder(2)).toEqual([1, 0]);
    expect(arrivalOrder(5)).toEqual([2, 3, 1, 4, 0]);
    expect(arrivalOrder(6)).toEqual([3, 4, 2, 5, 1, 0]);
  });

  test('a volume reads the fill value until a slice arrives; the range is of arrived values only', async () => {
    const meta = { name: 'series', path: '/x', format: 'dicom', dims: [2, 2, 3] as [number, number, number], spacing: [1, 1, 1] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], dtype: 'int16' as const, storedType: 'int16', unit: 'mm' };
    const volume = new ArrivingSource(meta, -1024);
    expect(volume.range()).toEqual([-1024, -1024]);
    expect(volume.missing()).toEqual([[0, 2]]);
    volume.put(1, (out, at) => out.set([5, 6, 7, 8], at));
    expect(volume.missing()).toEqual([[0, 0], [2, 2]]);
    expect([...(await volume.readSlab(0, 3))]).toEqual([-1024, -1024, -1024, -1024, 5, 6, 7, 8, -1024, -1024, -1024, -1024]);
    expect(volume.range()).toEqual([5, 8]);
    expect(volume.arrived).toBe(1);
    expect(() => volume.put(1, () => undefined)).toThrow(/arrived twice/);
  });

  test('series metadata (DICOM JSON, PS3.18 F.2) as an image header', () => {
    const header = headerOfMetadata({
      '00080018': { vr: 'UI', Value: ['1.2.3'] },
      '00200032': { vr: 'DS', Value: [-125, -120.5, 30] },
      '00200037': { vr: 'DS', Value: [1, 0, 0, 0, 1, 0] },
      '00280030': { vr: 'DS', Value: [0.7, 0.8] },
      '00280010': { vr: 'US', Value: [64] },
      '00280011': { vr: 'US', Value: [32] },
      '00280100': { vr: 'US', Value: [16] },
      '00280101': { vr: 'US', Value: [12] },
      '00280103': { vr: 'US', Value: [1] },
      '00281052': { vr: 'DS', Value: [-1024] },
      '00281053': { vr: 'DS', Value: [1] },
    });
    expect(header).toMatchObject({ sopInstanceUid: '1.2.3', positions: [[-125, -120.5, 30]], orientation: [1, 0, 0, 0, 1, 0], pixelSpacing: [0.7, 0.8], rows: 64, columns: 32, frames: 1, bitsStored: 12, signed: true, rescale: [{ slope: 1, intercept: -1024 }] });
    expect(() => headerOfMetadata({})).toThrow(/SOP Instance UID/);
  });
});
