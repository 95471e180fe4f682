import { Agent, request } from 'node:http';

export interface GqlClient {
  /** POST /graphql on one kept-alive connection; resolves with the parsed body. */
  gql<T = any>(query: string, variables: Record<string, unknown>, key: string): Promise<{ data: T; errors?: unknown[] }>;
  close(): void;
}

/**
 * A lean GraphQL client for benchmarks: node:http over one kept-alive connection, so what the
 * client costs per request (it shares the process with the server) stays small and constant.
 */
export function keepAliveGqlClient(url: string): GqlClient {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    gql(query, variables, key) {
      const body = JSON.stringify({ query, variables });
      return new Promise((resolve, reject) => {
        const req = request(`${url}/graphql`, {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), authorization: `Bearer ${key}` },
        }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) reject(new Error(`GraphQL HTTP ${res.statusCode}: ${text.slice(0, 500)}`));
            else resolve(JSON.parse(text));
          });
        });
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
