/** One command of a session, as the pipeline runs it. */
export interface PipelinedCommand {
  /** May later commands start before this one has finished? */
  readonly pipelined: boolean;
  /** Starts the command; replies go through `reply`. Must not reject (errors are replies). */
  run(reply: (line: string) => void): void | Promise<void>;
}

/** Where a session's answers go, and what a command that throws does to it. */
export interface CommandOutput {
  writeLine(line: string): void;
  fail(error: unknown): void;
}

interface Slot {
  /** What it said while an earlier command was still answering. */
  lines: string[];
  finished: boolean;
  done: Promise<void>;
}

/**
 * A session's commands, answered in the order they were typed. A command marked `pipelined`
 * (a private message, whose answer waits for a commit) lets the next command start as soon
 * as it has started, so one sender's stored messages share commits instead of queueing one
 * commit each. Any other command first waits for every earlier one to finish, so it sees
 * their effects exactly as if all had run one at a time. Replies of a later command are held
 * until the earlier ones have answered.
 */
export class CommandPipeline {
  /** Commands not yet finished or not yet flushed, oldest first; the first one writes directly. */
  private readonly slots: Slot[] = [];

  constructor(
    private readonly output: CommandOutput,
    private readonly maxInFlight: number,
  ) {}

  /** Resolves once the next command may be handed over. */
  async submit(command: PipelinedCommand): Promise<void> {
    if (!command.pipelined) await this.settled();
    while (this.slots.length >= this.maxInFlight) await this.slots[0].done;
    const slot: Slot = { lines: [], finished: false, done: Promise.resolve() };
    this.slots.push(slot);
    const reply = (line: string) => (this.slots[0] === slot ? this.output.writeLine(line) : slot.lines.push(line));
    // Started in this turn, so whatever it queues (a stored message) is queued in typed order.
    let started: void | Promise<void>;
    try {
      started = command.run(reply);
    } catch (error) {
      started = Promise.reject(error);
    }
    slot.done = Promise.resolve(started).then(
      () => this.finish(slot),
      (error: unknown) => {
        this.finish(slot);
        this.output.fail(error);
      },
    );
    if (!command.pipelined) await slot.done;
  }

  /** Resolves once every command submitted so far has finished. */
  async settled(): Promise<void> {
    while (this.slots.length > 0) await Promise.all(this.slots.map((slot) => slot.done));
  }

  private finish(slot: Slot): void {
    slot.finished = true;
    // Release answers in order: each command that becomes the first says what it held back.
    while (this.slots.length > 0) {
      const head = this.slots[0];
      for (const line of head.lines.splice(0)) this.output.writeLine(line);
      if (!head.finished) return;
      this.slots.shift();
    }
    // shift() leaves the grown backing store in place; emptying the length frees it.
    this.slots.length = 0;
  }
}
