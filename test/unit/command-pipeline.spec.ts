import { CommandPipeline, PipelinedCommand } from '../../src/gateway/command-pipeline';

/** A deferred promise: the test decides when a command finishes. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A command that records when it starts, then answers `line` once `until` opens (at once without it). */
function command(started: string[], line: string, pipelined: boolean, until?: Promise<void>): PipelinedCommand {
  return {
    pipelined,
    async run(reply) {
      started.push(line);
      if (until) await until;
      reply(line);
    },
  };
}

describe('CommandPipeline', () => {
  function pipeline(maxInFlight = 8) {
    const written: string[] = [];
    const failures: unknown[] = [];
    return { written, failures, pipeline: new CommandPipeline({ writeLine: (line) => written.push(line), fail: (e) => failures.push(e) }, maxInFlight) };
  }

  it('starts a pipelined command before the previous one answers, and keeps the answers in typed order', async () => {
    const { written, pipeline: p } = pipeline();
    const started: string[] = [];
    const first = gate();
    await p.submit(command(started, 'first', true, first.opened));
    await p.submit(command(started, 'second', true));
    await turn();
    expect(started).toEqual(['first', 'second']);
    expect(written).toEqual([]); // the second answered, but waits for the first

    first.open();
    await p.settled();
    expect(written).toEqual(['first', 'second']);
  });

  it('runs any other command only once every earlier one has finished', async () => {
    const { written, pipeline: p } = pipeline();
    const started: string[] = [];
    const stored = gate();
    await p.submit(command(started, 'message', true, stored.opened));
    const barrier = p.submit(command(started, 'logout', false));
    await turn();
    expect(started).toEqual(['message']);

    stored.open();
    await barrier;
    expect(started).toEqual(['message', 'logout']);
    expect(written).toEqual(['message', 'logout']);
  });

  it('holds the next command back while maxInFlight are running', async () => {
    const { pipeline: p } = pipeline(2);
    const started: string[] = [];
    const gates = [gate(), gate()];
    await p.submit(command(started, 'a', true, gates[0].opened));
    await p.submit(command(started, 'b', true, gates[1].opened));
    let handedOver = false;
    const third = p.submit(command(started, 'c', true)).then(() => (handedOver = true));
    await turn();
    expect(started).toEqual(['a', 'b']);
    expect(handedOver).toBe(false);

    gates[0].open();
    await third;
    expect(started).toEqual(['a', 'b', 'c']);
    gates[1].open();
    await p.settled();
  });

  it('reports a command that throws, and still answers the ones after it in order', async () => {
    const { written, failures, pipeline: p } = pipeline();
    const started: string[] = [];
    const first = gate();
    await p.submit({
      pipelined: true,
      async run() {
        await first.opened;
        throw new Error('broken');
      },
    });
    await p.submit(command(started, 'after', true));
    first.open();
    await p.settled();
    expect(failures).toEqual([new Error('broken')]);
    expect(written).toEqual(['after']);
  });

  it('lets a later command that finishes first wait behind a slower earlier one', async () => {
    const { written, pipeline: p } = pipeline();
    const started: string[] = [];
    const [slow, middle] = [gate(), gate()];
    await p.submit(command(started, 'slow', true, slow.opened));
    await p.submit(command(started, 'middle', true, middle.opened));
    await p.submit(command(started, 'fast', true));
    middle.open();
    await turn();
    expect(written).toEqual([]);
    slow.open();
    await p.settled();
    expect(written).toEqual(['slow', 'middle', 'fast']);
  });
});
