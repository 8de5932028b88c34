// A small SciCat-shaped catalogue for the tests (SciCat itself needs MongoDB): the v4 endpoints Voxbench
// uses, SciCat's validation rules (dto.ts), a bearer token, and PostgreSQL underneath, whose primary key
// makes a second dataset with the same pid impossible. `failNext` makes it answer 500 on purpose.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { createDerivedDataset, createOrigDatablock } from './dto';
import { ConstraintError, startPostgres } from './postgres';

type Route = 'datasets' | 'origdatablocks';

export interface TestCatalogue {
  url: string;
  token: string;
  /** The next `count` POSTs to `route` answer 500; with `afterStoring`, the record is stored first. */
  failNext(route: Route, count: number, afterStoring?: boolean): void;
  datasets(): Promise<Record<string, unknown>[]>;
  origDatablocks(): Promise<Record<string, unknown>[]>;
  /** Every request: method, path, status. */
  requests: { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

const SCHEMA = `
create table datasets (pid text primary key, doc jsonb not null);
create table origdatablocks (id text primary key, dataset_id text not null references datasets(pid), doc jsonb not null);`;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function body(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) text += chunk;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'body is not JSON');
  }
}

function validated<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
  return parsed.data;
}

export async function startTestCatalogue(token = randomUUID()): Promise<TestCatalogue> {
  const db = await startPostgres();
  await db.query(SCHEMA);
  const faults: Record<Route, { count: number; afterStoring: boolean }> = { datasets: { count: 0, afterStoring: false }, origdatablocks: { count: 0, afterStoring: false } };
  const requests: TestCatalogue['requests'] = [];
  const list = (sql: string, vars?: Record<string, string>) => db.query<Record<string, unknown>[]>(`select coalesce(json_agg(doc), '[]') from ${sql}`, vars).then((rows) => rows ?? []);

  /** Stores through `insert`, or fails as `failNext` asked. */
  async function create(route: Route, insert: () => Promise<unknown>): Promise<void> {
    const fault = faults[route];
    if (fault.count > 0) {
      fault.count--;
      if (fault.afterStoring) await insert();
      throw new HttpError(500, 'Internal server error (injected by the test)');
    }
    await insert().catch((error: unknown) => {
      throw error instanceof ConstraintError ? new HttpError(409, error.message.includes('foreign key') ? 'dataset not found' : 'a dataset with this pid exists') : error;
    });
  }

  async function handle(request: IncomingMessage): Promise<[number, unknown]> {
    if (request.headers.authorization !== `Bearer ${token}`) throw new HttpError(401, 'Unauthorized');
    const path = new URL(request.url!, 'http://catalogue').pathname;
    const datasetPath = /^\/api\/v4\/datasets\/([^/]+)(\/origdatablocks)?$/.exec(path);
    if (request.method === 'GET' && datasetPath) {
      const pid = decodeURIComponent(datasetPath[1]!);
      if (datasetPath[2]) return [200, await list('origdatablocks where dataset_id = :\'pid\'', { pid })];
      const [found] = await list('datasets where pid = :\'pid\'', { pid });
      if (!found) throw new HttpError(404, `Dataset ${pid} not found`);
      return [200, found];
    }
    if (request.method === 'GET' && path === '/api/v4/datasets') return [200, await list('datasets')];
    if (request.method === 'POST' && path === '/api/v4/datasets') {
      const dataset = validated(createDerivedDataset, await body(request));
      const doc = { ...dataset, pid: dataset.pid ?? randomUUID() };
      await create('datasets', () => db.query("insert into datasets values (:'pid', :'doc'::jsonb)", { pid: doc.pid, doc: JSON.stringify(doc) }));
      return [201, doc];
    }
    if (request.method === 'POST' && path === '/api/v4/origdatablocks') {
      const doc = { ...validated(createOrigDatablock, await body(request)), _id: randomUUID() };
      await create('origdatablocks', () => db.query("insert into origdatablocks values (:'id', :'dataset', :'doc'::jsonb)", { id: doc._id, dataset: doc.datasetId, doc: JSON.stringify(doc) }));
      return [201, doc];
    }
    throw new HttpError(404, `Cannot ${request.method} ${path}`);
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    handle(request)
      .catch((error: Error): [number, unknown] => [error instanceof HttpError ? error.status : 500, { statusCode: error instanceof HttpError ? error.status : 500, message: error.message }])
      .then(([status, answer]) => {
        requests.push({ method: request.method!, path: request.url!, status });
        response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    failNext: (route, count, afterStoring = false) => (faults[route] = { count, afterStoring }),
    datasets: () => list('datasets'),
    origDatablocks: () => list('origdatablocks'),
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await db.stop();
    },
  };
}
