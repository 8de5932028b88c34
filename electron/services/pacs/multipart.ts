// multipart/related bodies as WADO-RS answers (PS3.18 8.7.3.3): the parts' bodies, headers dropped.
import { VoxbenchError } from '../../common/errors.js';

/** The boundary a multipart Content-Type names, or undefined when it is not multipart. */
export function boundaryOf(contentType: string): string | undefined {
  if (!/^multipart\//i.test(contentType.trim())) return undefined;
  return /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
}

/** Each part's body, in order; `where` names the request in errors. */
export function multipartBodies(body: Uint8Array, boundary: string, where: string): Uint8Array[] {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Uint8Array[] = [];
  let at = bytes.indexOf(delimiter);
  if (at < 0) throw new VoxbenchError('BadReply', `${where}: a multipart answer without its boundary ${boundary}.`);
  for (;;) {
    const after = at + delimiter.length;
    if (bytes[after] === 0x2d && bytes[after + 1] === 0x2d) return parts; // "--": the closing delimiter
    const headersEnd = bytes.indexOf('\r\n\r\n', after);
    const next = bytes.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headersEnd < 0 ? after : headersEnd);
    if (headersEnd < 0 || next < 0) throw new VoxbenchError('BadReply', `${where}: the multipart answer ends inside a part.`);
    parts.push(bytes.subarray(headersEnd + 4, next));
    at = next + 2;
  }
}
