/** Something with output queued during this event-loop turn. */
export interface TurnFlushable {
  flushQueued(): void;
}

let queued: TurnFlushable[] = [];
let scheduled = false;

/**
 * Calls `flushQueued()` once this turn's I/O callbacks are done (the check phase, as one
 * setImmediate each would): one immediate for every connection written to in the turn rather
 * than one per connection, in the order they were first written to. The caller remembers that
 * it is queued, so each connection is here once.
 */
export function flushAtEndOfTurn(target: TurnFlushable): void {
  queued.push(target);
  if (scheduled) return;
  scheduled = true;
  setImmediate(flushAll);
}

function flushAll(): void {
  const targets = queued;
  queued = [];
  scheduled = false;
  for (let i = 0; i < targets.length; i++) targets[i].flushQueued();
}
