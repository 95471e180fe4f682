import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface LiveSubscription<T> {
  /** Every `next` payload's data, in arrival order. */
  received: T[];
  errors: unknown[];
  /** Resolves with the close/error reason when the subscription ends abnormally. */
  failed: Promise<unknown>;
  dispose(): Promise<void>;
}

/** A graphql-ws client (Node 20 has no global WebSocket) authenticating with connectionParams. */
export function liveClient(httpUrl: string, key: string | null): Client {
  return createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

export function subscribe<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}): LiveSubscription<T> {
  const received: T[] = [];
  const errors: unknown[] = [];
  let fail: (reason: unknown) => void = () => undefined;
  const failed = new Promise<unknown>((resolve) => (fail = resolve));
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (v) => {
        if (v.errors) {
          errors.push(v.errors);
          fail(v.errors);
        }
        if (v.data) received.push(v.data as T);
      },
      error: (e) => {
        errors.push(e);
        fail(e);
      },
      complete: () => undefined,
    },
  );
  return {
    received,
    errors,
    failed,
    async dispose() {
      stop();
      await client.dispose();
    },
  };
}
