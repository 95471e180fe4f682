import { connect, Socket } from 'node:net';

export interface GqlClient {
  /** POST /graphql on one kept-alive connection, one request at a time; resolves with the parsed body. */
  gql<T = any>(query: string, variables: Record<string, unknown>, key: string): Promise<{ data: T; errors?: unknown[] }>;
  close(): void;
}

/** Below Node's default keepAliveTimeout (5 s): an idle connection is replaced before the server drops it. */
const MAX_IDLE_MS = 1000;

/**
 * A lean GraphQL client for benchmarks: HTTP/1.1 written and read directly on one kept-alive socket,
 * as load generators such as wrk or autocannon do. It shares the process and the VM's two cores with
 * the server, so whatever it costs is charged to the API's figures; node:http's client cost ~0.25 ms
 * more per request (ClientRequest, agent, response parser, streams; docs/BENCHMARKS.md, session 7).
 * A response must carry Content-Length (Express's do) and status 200; anything else fails the run.
 */
export function keepAliveGqlClient(url: string): GqlClient {
  const target = new URL(url);
  let socket: Socket | null = null;
  let lastUsed = 0;
  let buffered: Buffer = Buffer.alloc(0);
  let pending: { resolve(body: any): void; reject(err: Error): void } | null = null;

  const settle = (outcome: { body: unknown } | { error: Error }) => {
    const p = pending;
    pending = null;
    if ('error' in outcome) p?.reject(outcome.error);
    else p?.resolve(outcome.body);
  };
  const onData = (chunk: Buffer) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    const headEnd = buffered.indexOf('\r\n\r\n');
    if (!pending || headEnd < 0) return;
    const head = buffered.toString('latin1', 0, headEnd);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!length) return settle({ error: new Error(`GraphQL response without Content-Length: ${head}`) });
    const end = headEnd + 4 + Number(length[1]);
    if (buffered.length < end) return;
    const text = buffered.toString('utf8', headEnd + 4, end);
    buffered = buffered.subarray(end);
    const status = Number(head.slice('HTTP/1.1 '.length, 'HTTP/1.1 '.length + 3));
    if (status !== 200) return settle({ error: new Error(`GraphQL HTTP ${status}: ${text.slice(0, 500)}`) });
    try {
      settle({ body: JSON.parse(text) });
    } catch (err) {
      settle({ error: err as Error });
    }
  };
  const open = (): Socket => {
    const s = connect(Number(target.port), target.hostname);
    s.setNoDelay(true);
    // Events of a socket already replaced (an idle one closed on purpose) concern no request.
    s.on('data', (chunk: Buffer) => socket === s && onData(chunk));
    s.on('error', (err) => socket === s && settle({ error: err }));
    s.on('close', () => {
      if (socket !== s) return;
      socket = null;
      settle({ error: new Error('GraphQL connection closed before the response') });
    });
    buffered = Buffer.alloc(0);
    return s;
  };

  return {
    gql(query, variables, key) {
      if (pending) return Promise.reject(new Error('keepAliveGqlClient sends one request at a time'));
      if (socket && Date.now() - lastUsed > MAX_IDLE_MS) {
        socket.destroy();
        socket = null;
      }
      const s = (socket ??= open());
      lastUsed = Date.now();
      const body = JSON.stringify({ query, variables });
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        s.write(
          `POST /graphql HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\n` +
            `Authorization: Bearer ${key}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      });
    },
    close: () => {
      socket?.destroy();
      socket = null;
    },
  };
}
