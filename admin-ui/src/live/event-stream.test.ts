import { describe, expect, it } from 'vitest';
import { readEventStream, StreamEvent } from './event-stream';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

describe('readEventStream', () => {
  it('reads events split across chunks, with several data lines, comments and CRLF', async () => {
    const events: StreamEvent[] = [];
    await readEventStream(
      streamOf(['event: snap', 'shot\ndata: {"a":', '1}\n\n: keep-alive\n\nevent: ping\r\ndata:\r\n\r\n', 'data: one\ndata: two\n\n']),
      (event) => events.push(event),
    );
    expect(events).toEqual([
      { type: 'snapshot', data: '{"a":1}' },
      { type: 'ping', data: '' },
      { type: 'message', data: 'one\ntwo' },
    ]);
  });

  it('keeps a multibyte character split between two chunks whole', async () => {
    const bytes = new TextEncoder().encode('data: café\n\n');
    const split = bytes.indexOf(0xc3) + 1;
    const events: StreamEvent[] = [];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, split));
        controller.enqueue(bytes.slice(split));
        controller.close();
      },
    });
    await readEventStream(body, (event) => events.push(event));
    expect(events).toEqual([{ type: 'message', data: 'café' }]);
  });
});
