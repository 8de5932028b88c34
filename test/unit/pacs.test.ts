// The PACS domain's pure parts: multipart/related bodies as RFC 2046 frames them, and QIDO-RS query
// parameters as PS3.18 8.3.4 spells them.
import { describe, expect, test } from 'vitest';
import { boundaryOf, multipartBodies } from '../../electron/services/pacs/multipart';
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
