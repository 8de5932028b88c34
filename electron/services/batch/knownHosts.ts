// Host key checking against an OpenSSH known_hosts file (plain and hashed entries, [host]:port forms); a host
// that is missing or whose key differs is refused, never trusted on first use.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

const patternOf = (host: string, port: number) => (port === 22 ? host : `[${host}]:${port}`);

function matches(field: string, name: string): boolean {
  return field.split(',').some((entry) => {
    if (!entry.startsWith('|1|')) return entry === name;
    const [salt, hash] = entry.slice(3).split('|') as [string, string];
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  });
}

/** The keys (raw blobs) known_hosts holds for host:port. */
export function knownKeys(knownHostsPath: string, host: string, port: number): Buffer[] {
  const name = patternOf(host, port);
  return readFileSync(knownHostsPath, 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 3 && !fields[0]!.startsWith('#') && !fields[0]!.startsWith('@') && matches(fields[0]!, name))
    .map((fields) => Buffer.from(fields[2]!, 'base64'));
}
