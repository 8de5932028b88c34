import { describe, expect, it } from 'vitest';
import { signGet } from '../../electron/services/sync/s3Get';

describe('signGet', () => {
  it('signs AWS’s own example of a ranged GET Object (Signature Version 4 documentation, "Example: GET Object")', async () => {
    const { headers, path } = await signGet(
      new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      'us-east-1',
      { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
      new Date('2013-05-24T00:00:00Z'),
      { Range: 'bytes=0-9' },
    );
    expect(path).toBe('/test.txt');
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('encodes each path segment once, keeping the slashes', async () => {
    const { path } = await signGet(new URL('http://127.0.0.1:9000/bucket/a b/0/.zarray'), 'us-east-1', { accessKeyId: 'k', secretAccessKey: 's' }, new Date(0));
    expect(path).toBe('/bucket/a%20b/0/.zarray');
  });
});
