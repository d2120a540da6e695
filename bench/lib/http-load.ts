/**
 * The HTTP load generator: `concurrency` clients over keep-alive connections, each sending its
 * next request as soon as the previous one was answered (closed loop), for a fixed duration.
 */
import http from 'node:http';

/** What a load run achieved. */
export interface LoadResult {
  requests: number;
  /** Events in requests answered 202. */
  events: number;
  errors: number;
  ms: number;
  /** First non-202 answers (for the report when something went wrong). */
  failures: string[];
}

/** One POST; resolves with the status and body. */
export function post(agent: http.Agent, url: URL, token: string, body: string | Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Request bodies built before a timed run: `count` bodies from `build` (each the next one in
 * sequence), as UTF-8 Buffers, then built on demand should the run need more. On this 2-core
 * machine building and encoding ~230 KB of JSON per request during the run took CPU from the
 * server under test (bench/notes.md); what the benchmark measures is Herald, not the client.
 */
export function prebuilt(count: number, build: () => string): (i: number) => Buffer {
  const bodies = Array.from({ length: count }, () => Buffer.from(build()));
  let used = 0;
  return () => {
    const body = used < bodies.length ? bodies[used] : undefined;
    used += 1;
    return body ?? Buffer.from(build());
  };
}

/**
 * Posts bodies from `next(i)` (each carrying `eventsPerRequest` events) with `concurrency`
 * clients until `durationMs` passed or `maxRequests` were sent.
 */
export async function closedLoop(options: {
  url: string;
  token: string;
  concurrency: number;
  durationMs: number;
  maxRequests?: number;
  eventsPerRequest: number;
  next: (i: number) => string | Buffer;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const url = new URL('/api/v1/events', options.url);
  const result: LoadResult = { requests: 0, events: 0, errors: 0, ms: 0, failures: [] };
  let issued = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const client = async (): Promise<void> => {
    while (performance.now() < deadline && issued < (options.maxRequests ?? Number.POSITIVE_INFINITY)) {
      const body = options.next(issued);
      issued += 1;
      try {
        const answer = await post(agent, url, options.token, body);
        result.requests += 1;
        if (answer.status === 202) result.events += options.eventsPerRequest;
        else {
          result.errors += 1;
          if (result.failures.length < 3) result.failures.push(`${answer.status} ${answer.body.slice(0, 200)}`);
        }
      } catch (error) {
        result.errors += 1;
        if (result.failures.length < 3) result.failures.push(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  result.ms = performance.now() - started;
  agent.destroy();
  return result;
}
