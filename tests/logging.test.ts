import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { fixedClock } from '../src/core/clock.js';
import { openDb } from '../src/db/client.js';
import { createLogger, createServices } from '../src/services.js';
import { FIXED_NOW } from './helpers/test-app.js';

describe('request logs', () => {
  it('never show a link token, whatever the route', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'info' });
    const services = createServices({ config, db: openDb(':memory:'), clock: fixedClock(FIXED_NOW), log: createLogger('info', sink) });
    const { app } = await buildApp(services);
    await app.inject({ url: '/api/map?member=x&token=SECRET-A' });
    await app.inject({ url: '/healthz?t=SECRET-B' });
    await app.inject({ url: '/warroom?t=SECRET-C' });
    await app.close();
    const all = lines.join('');
    expect(all).toContain('incoming request');
    expect(all).toContain('[redacted]');
    expect(all).not.toMatch(/SECRET-[ABC]/);
  });
});
