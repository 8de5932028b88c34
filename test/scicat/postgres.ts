// A throw-away PostgreSQL 15 (Debian's) for the test catalogue: its own folder and socket, no TCP port.
// initdb refuses to run as root, so as root the server runs as "nobody". Queries go through psql, with
// values passed as psql variables (:'name'), never spliced into the SQL.
import { execFile, spawn } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const bin = (name: string) => `/usr/lib/postgresql/15/bin/${name}`;

export interface Postgres {
  /** Runs `sql`; a statement that returns one json column gives it back parsed. */
  query<T = unknown>(sql: string, vars?: Record<string, string>): Promise<T | undefined>;
  stop(): Promise<void>;
}

/** A unique or foreign-key constraint said no. */
export class ConstraintError extends Error {}

export async function startPostgres(): Promise<Postgres> {
  const dir = await mkdtemp(join(tmpdir(), 'voxbench-scicat-pg-'));
  const root = process.getuid?.() === 0;
  if (root) {
    const { stdout } = await run('id', ['-u', 'nobody']);
    await chown(dir, Number(stdout), Number(stdout));
  }
  const asOwner = (name: string, args: string[]) => (root ? run('runuser', ['-u', 'nobody', '--', bin(name), ...args]) : run(bin(name), args));
  const data = join(dir, 'data');
  const port = String(20_000 + Math.floor(Math.random() * 40_000)); // names the socket file only
  await asOwner('initdb', ['-D', data, '-A', 'trust', '-U', 'scicat', '--no-sync']);
  await asOwner('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-k ${dir} -p ${port} -c listen_addresses='' -c fsync=off`, 'start']);

  function query<T>(sql: string, vars: Record<string, string> = {}): Promise<T | undefined> {
    const args = ['-h', dir, '-p', port, '-U', 'scicat', '-d', 'postgres', '-At', '-q', '-v', 'ON_ERROR_STOP=1', ...Object.entries(vars).flatMap(([name, value]) => ['-v', `${name}=${value}`]), '-f', '-'];
    return new Promise((resolve, reject) => {
      const psql = spawn('psql', args, { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      psql.stdout.on('data', (chunk) => (out += chunk));
      psql.stderr.on('data', (chunk) => (err += chunk));
      psql.on('close', (code) => {
        if (code === 0) return resolve(out.trim() ? (JSON.parse(out) as T) : undefined);
        reject(/violates (unique|foreign key) constraint/.test(err) ? new ConstraintError(err) : new Error(`psql: ${err}`));
      });
      psql.stdin.end(sql);
    });
  }

  return {
    query,
    async stop() {
      await asOwner('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
