import fc from 'fast-check';
import { parseCommandLine } from '../../src/gateway/command-line';
import { FloodGuard } from '../../src/gateway/flood-guard';
import { DecodedItem, LineDecoder } from '../../src/gateway/line-decoder';
import { neutralize } from '../../src/gateway/user-text';

const MAX = 64;

function decodeInChunks(bytes: Uint8Array, cuts: number[], max = MAX): DecodedItem[] {
  const decoder = new LineDecoder(max);
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const items: DecodedItem[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    items.push(...decoder.push(bytes.subarray(from, point)));
    from = point;
  }
  return items;
}

/** Text a user could type on one line: any Unicode but the line-ending characters. */
const lineText = fc.string({ unit: 'binary', maxLength: 40 }).map((text) => text.replace(/[\r\n]/g, ''));
const lineEnd = fc.constantFrom('\n', '\r\n', '\r\0');
const cuts = fc.array(fc.nat(), { maxLength: 12 });

describe('LineDecoder properties', () => {
  it('decodes the same items however the bytes are split into chunks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), cuts, (bytes, points) => {
        expect(decodeInChunks(bytes, points)).toEqual(decodeInChunks(bytes, []));
      }),
    );
  });

  it('gives back every line as typed, or one line-too-long error, whatever the line ends', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(lineText, lineEnd), { maxLength: 15 }), cuts, (lines, points) => {
        const bytes = Buffer.from(lines.map(([text, end]) => text + end).join(''), 'utf8');
        const expected = lines.map(([text]): DecodedItem =>
          Buffer.byteLength(text) > MAX ? { kind: 'error', code: 'line-too-long' } : { kind: 'line', text },
        );
        expect(decodeInChunks(bytes, points)).toEqual(expected);
      }),
    );
  });

  it('removes telnet negotiations inserted anywhere, even inside a multibyte character', () => {
    const negotiation = fc.tuple(fc.constantFrom(0xfb, 0xfc, 0xfd, 0xfe), fc.integer({ min: 0, max: 0xfe }));
    fc.assert(
      fc.property(
        fc.array(lineText, { maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(), negotiation), { maxLength: 6 }),
        cuts,
        (lines, inserts, points) => {
          const clean = [...Buffer.from(lines.map((text) => text + '\r\n').join(''), 'utf8')];
          // Each negotiation goes between two bytes of the clean stream (never inside another one).
          const bytes: number[] = [];
          const at = inserts.map(([position, sequence]) => [position % (clean.length + 1), sequence] as const);
          for (let i = 0; i <= clean.length; i++) {
            for (const [position, [command, option]] of at) if (position === i) bytes.push(0xff, command, option);
            if (i < clean.length) bytes.push(clean[i]);
          }
          const items = decodeInChunks(Uint8Array.from(bytes), points);
          expect(items.filter((item) => item.kind !== 'telnet')).toEqual(decodeInChunks(Uint8Array.from(clean), []));
          expect(items.filter((item) => item.kind === 'telnet')).toHaveLength(inserts.length);
        },
      ),
    );
  });

  it('never throws and never yields a line over the limit, on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), cuts, (bytes, points) => {
        for (const item of decodeInChunks(bytes, points)) {
          if (item.kind === 'line') expect(Buffer.byteLength(item.text)).toBeLessThanOrEqual(MAX);
        }
      }),
    );
  });
});

describe('parseCommandLine properties', () => {
  const word = fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }).filter((text) => !text.includes(' '));
  const spaces = fc.integer({ min: 1, max: 4 }).map((count) => ' '.repeat(count));

  /**
   * A line built from words and the runs of spaces between them, with optional spaces around.
   * Only spaces are trimmed: a word may be a tab, which String.trimEnd would also remove.
   */
  const typedLine = fc
    .array(fc.tuple(word, spaces), { minLength: 1, maxLength: 8 })
    .chain((parts) => fc.tuple(fc.constant(parts), fc.constantFrom('', ' ', '   '), fc.constantFrom('', ' ')));

  it('splits a line into its lower-cased command word and its arguments', () => {
    fc.assert(
      fc.property(typedLine, ([parts, lead, trail]) => {
        const line = lead + parts.map(([text, gap]) => text + gap).join('').replace(/ +$/, '') + trail;
        const parsed = parseCommandLine(line)!;
        expect(parsed.name).toBe(parts[0][0].toLowerCase());
        expect(parsed.args).toEqual(parts.slice(1).map(([text]) => text));
      }),
    );
  });

  it('keeps the rest of the line as typed after any number of arguments', () => {
    fc.assert(
      fc.property(typedLine, fc.nat(), ([parts, lead, trail], k) => {
        const line = lead + parts.map(([text, gap]) => text + gap).join('').replace(/ +$/, '') + trail;
        const parsed = parseCommandLine(line)!;
        const count = k % parts.length;
        // The rest after `count` arguments starts at word count + 1, inner spacing intact.
        const rest = parts
          .slice(count + 1)
          .map(([text, gap]) => text + gap)
          .join('');
        const expected = (rest.replace(/ +$/, '') + (count + 1 < parts.length ? trail : '')).replace(/^ +/, '');
        expect(parsed.restAfter(count)).toBe(count + 1 < parts.length ? expected : '');
      }),
    );
  });

  it('ignores lines of nothing but spaces', () => {
    fc.assert(fc.property(fc.nat({ max: 50 }), (count) => expect(parseCommandLine(' '.repeat(count))).toBeUndefined()));
  });
});

describe('neutralize properties', () => {
  const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

  it('never lets a control character through, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const safe = neutralize(text);
        expect(UNSAFE.test(safe)).toBe(false);
        expect(neutralize(safe)).toBe(safe);
      }),
    );
  });

  it('leaves text without control characters alone', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        fc.pre(!UNSAFE.test(text));
        expect(neutralize(text)).toBe(text);
      }),
    );
  });
});

describe('FloodGuard properties', () => {
  it('never admits more than the burst plus what the rate refills', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 300 }),
        (perSecond, burst, gapsMs) => {
          let now = 0;
          const guard = new FloodGuard({ perSecond, burst, disconnectAfterDrops: Number.MAX_SAFE_INTEGER }, () => now);
          let admitted = 0;
          let warnings = 0;
          let previous = 'admit';
          for (const gap of gapsMs) {
            now += gap;
            const verdict = guard.admit();
            if (verdict === 'admit') admitted++;
            if (verdict === 'drop-and-warn') {
              warnings++;
              // One warning per flood: the line before it was admitted.
              expect(previous).toBe('admit');
            }
            previous = verdict;
          }
          expect(admitted).toBeLessThanOrEqual(burst + Math.floor((now / 1000) * perSecond));
          expect(warnings).toBeLessThanOrEqual(admitted);
        },
      ),
    );
  });

  it('admits a steady stream at the rate without dropping anything', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 100 }), (perSecond, burst) => {
        let now = 0;
        const guard = new FloodGuard({ perSecond, burst, disconnectAfterDrops: 1 }, () => now);
        for (let i = 0; i < 200; i++) {
          now += 1000 / perSecond;
          expect(guard.admit()).toBe('admit');
        }
      }),
    );
  });
});
