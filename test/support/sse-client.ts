import { get, IncomingMessage } from 'node:http';

/** One Server-Sent Event as received. */
export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/** A raw SSE client over node:http (headers allowed, unlike a browser EventSource): collects events. */
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  private buffer = '';

  private constructor(readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.feed(chunk));
  }

  static open(port: number, path: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port, path, headers: { Accept: 'text/event-stream', ...headers } }, (res) =>
        resolve(new SseClient(res)),
      ).on('error', reject);
    });
  }

  /** The parsed `data` of every event named `name`. */
  named<T>(name: string): Array<{ id?: string; data: T }> {
    return this.events
      .filter((e) => e.event === name)
      .map((e) => ({ id: e.id, data: JSON.parse(e.data) as T }));
  }

  close(): void {
    this.response.destroy();
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const lines = this.buffer.slice(0, end).split('\n');
      this.buffer = this.buffer.slice(end + 2);
      this.comments.push(...lines.filter((l) => l.startsWith(':')).map((l) => l.slice(1).trim()));
      const field = (name: string) =>
        lines.filter((l) => l.startsWith(`${name}: `)).map((l) => l.slice(name.length + 2));
      const data = field('data');
      if (data.length === 0) continue;
      this.events.push({ id: field('id')[0], event: field('event')[0], data: data.join('\n') });
    }
  }
}
