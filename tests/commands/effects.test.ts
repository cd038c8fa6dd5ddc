import { describe, expect, it } from 'vitest';
import { withDoneMark } from '../../src/commands/effects.js';
import { regions } from '../../src/db/schema.js';
import { testServices } from '../helpers/test-app.js';

// The done mark of an inbound event is written inside the transaction of its effects, so a crash
// keeps both or neither (src/commands/effects.ts).

describe('withDoneMark', () => {
  it('runs the mark inside every write transaction, and a rollback takes the mark with it', () => {
    const { services } = testServices();
    const seen: boolean[] = [];
    const scoped = withDoneMark(services, () => {
      seen.push(services.db.$client.inTransaction);
      services.repos.inbound.markDone('console', 'e-1', 1);
    });
    services.repos.inbound.accept('console', 'e-1', '{}', 0);
    expect(() =>
      scoped.db.transaction(() => {
        scoped.db.insert(regions).values({ name: '华南区', weightsJson: '{}' }).run();
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(services.repos.inbound.get('console', 'e-1')!.state).toBe('pending');
    scoped.db.transaction(() => {
      scoped.db.insert(regions).values({ name: '华南区', weightsJson: '{}' }).run();
    });
    expect(seen).toEqual([true]);
    expect(services.repos.inbound.get('console', 'e-1')!.state).toBe('done');
    expect(services.repos.regions.byName('华南区')).not.toBeNull();
  });
});
