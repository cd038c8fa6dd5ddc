import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createLane } from '../../src/core/lane.js';

// The one "ack, then work" lane (src/core/lane.ts): tracked work, one CPU-bound step at a time,
// failures logged and never thrown to the transport.

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino(
    { level: 'error' },
    {
      write: (s: string) => {
        lines.push(JSON.parse(s) as Record<string, unknown>);
      },
    },
  );
  return { log, lines };
}

describe('lane', () => {
  it('idle() waits for tracked work, including work started by that work', async () => {
    const lane = createLane(capture().log);
    const done: string[] = [];
    lane.track(async () => {
      await new Promise((r) => setImmediate(r));
      done.push('first');
      lane.track(async () => {
        await new Promise((r) => setImmediate(r));
        done.push('second');
      });
    });
    expect(lane.size()).toBe(1);
    await lane.idle();
    expect(done).toEqual(['first', 'second']);
    expect(lane.size()).toBe(0);
  });

  it('a failure is logged with its context and never rejects', async () => {
    const { log, lines } = capture();
    const lane = createLane(log);
    lane.track(
      async () => {
        throw new Error('boom');
      },
      { eventId: 'e-1' },
    );
    await lane.idle();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ eventId: 'e-1', msg: 'work after the ack failed' });
  });

  it('serial steps run one at a time, in order, with I/O served between them', async () => {
    const lane = createLane(capture().log);
    const seen: string[] = [];
    let active = 0;
    const step = (name: string) =>
      lane.serial(async () => {
        active++;
        expect(active).toBe(1);
        await new Promise((r) => setTimeout(r, 1));
        seen.push(name);
        active--;
        return name;
      });
    const immediate = new Promise<void>((r) =>
      setImmediate(() => {
        seen.push('io');
        r();
      }),
    );
    const failing = lane.serial(async () => {
      throw new Error('step failed');
    });
    const results = await Promise.all([step('a'), step('b'), step('c'), immediate]);
    await expect(failing).rejects.toThrow('step failed');
    expect(results.slice(0, 3)).toEqual(['a', 'b', 'c']);
    // The first step waits for a setImmediate, so I/O queued before it goes first.
    expect(seen).toEqual(['io', 'a', 'b', 'c']);
  });
});
