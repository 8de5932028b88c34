// The sync target form's checks: a URL without its scheme, a missing key, a bad e-mail each say what to write.
import { expect, test } from 'vitest';
import { shownFields, targetProblems } from '../../renderer/panels/targetFormCheck';

const good = { name: 'dc', endpoint: 'http://localhost:9000', bucket: 'scans', file: '/home/me/.config/voxbench/credentials/dc.json', accessKeyId: 'AK', secretAccessKey: 'SK' };

test('a complete form has no problems', () => {
  expect(targetProblems('file', good)).toEqual({});
});

test('an endpoint without its scheme is refused, saying how to write it', () => {
  expect(targetProblems('file', { ...good, endpoint: 'localhost:9000' }).endpoint).toBe('The endpoint needs its scheme: http://localhost:9000 or https://…');
  expect(targetProblems('file', { ...good, endpoint: 'ftp://host' }).endpoint).toBe('The endpoint needs its scheme: http://host or https://…');
});

test('an empty form names every field to fill, no raw schema text', () => {
  expect(Object.keys(targetProblems('file', {}))).toEqual(['name', 'endpoint', 'bucket', 'file', 'accessKeyId', 'secretAccessKey']);
  expect(targetProblems('env', {}).envPrefix).toMatch(/^Capital letters/);
});

test('a catalogue brings its owner fields, each checked', () => {
  const withCatalogue = { ...good, catalogue: 'https://scicat.example.org', owner: 'me', ownerGroup: 'lab', contactEmail: 'me@' };
  expect(shownFields('file', withCatalogue)).toContain('catalogueToken');
  expect(targetProblems('file', withCatalogue)).toEqual({ contactEmail: 'Give a contact e-mail address (name@example.org).' });
  expect(targetProblems('file', { ...withCatalogue, catalogue: 'scicat:3000', contactEmail: 'me@lab.org' }).catalogue).toMatch(/^The catalogue URL needs its scheme/);
});
