/** One server-sent event as a client reads it. */
export interface ServerEvent {
  type: string;
  data: string;
}

/**
 * Reads a text/event-stream over a streamed fetch (the way the console does, with the bearer
 * token in a header). `next()` resolves with the next event, or null once the stream ended.
 */
export class EventStreamReader {
  private buffer = '';
  private readonly queued: ServerEvent[] = [];
  private ended = false;

  private constructor(
    readonly response: Response,
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly controller: AbortController,
  ) {}

  static async open(url: string, headers: Record<string, string>): Promise<EventStreamReader> {
    const controller = new AbortController();
    const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal });
    return new EventStreamReader(response, response.body!.getReader(), controller);
  }

  async next(timeoutMs = 10_000): Promise<ServerEvent | null> {
    const deadline = Date.now() + timeoutMs;
    const decoder = new TextDecoder();
    while (this.queued.length === 0 && !this.ended) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no server-sent event within ${timeoutMs} ms`);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), left)));
      const chunk = await Promise.race([this.reader.read(), timeout]);
      clearTimeout(timer);
      if (chunk === 'timeout') continue;
      if (chunk.done) this.ended = true;
      else this.push(decoder.decode(chunk.value, { stream: true }));
    }
    return this.queued.shift() ?? null;
  }

  /** The next event of `type` matching `accept`, skipping the others. */
  async until(type: string, accept: (data: unknown) => boolean, timeoutMs = 10_000): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = await this.next(Math.max(1, deadline - Date.now()));
      if (!event) throw new Error(`the stream ended before a matching ${type} event`);
      if (event.type !== type) continue;
      const data = JSON.parse(event.data) as unknown;
      if (accept(data)) return data;
    }
  }

  close(): void {
    this.controller.abort();
  }

  private push(text: string): void {
    this.buffer += text.replace(/\r\n/g, '\n');
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event: ServerEvent = { type: 'message', data: '' };
      const data: string[] = [];
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        if (colon === 0) continue;
        const [field, value] = colon < 0 ? [line, ''] : [line.slice(0, colon), line.slice(colon + 1).replace(/^ /, '')];
        if (field === 'event') event.type = value;
        else if (field === 'data') data.push(value);
      }
      event.data = data.join('\n');
      this.queued.push(event);
    }
  }
}
