import { createServer, IncomingHttpHeaders, Server } from 'node:http';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as signed. */
  body: string;
}

/** A test HTTP endpoint on 127.0.0.1: records every request; `plan(path)` picks each response status. */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly plans = new Map<string, number[]>();
  private server: Server | null = null;
  url = '';

  /** Statuses to answer on `path`, in order; the last one repeats. Default 200. */
  plan(path: string, statuses: number[]): string {
    this.plans.set(path, [...statuses]);
    return `${this.url}${path}`;
  }

  on(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.requests.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const plan = this.plans.get(path) ?? [200];
        const status = plan.length > 1 ? plan.shift()! : plan[0];
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
