import { describe, expect, it } from 'vitest';
import { dashboardLink } from '../../src/method/access/link.js';
import { seedSmallTeam } from '../helpers/team.js';
import { buildTestApp } from '../helpers/test-app.js';

function directives(csp: string): Map<string, string> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1).join(' ')]),
  );
}

describe('browser protections on the dashboard and the console', () => {
  it('send a CSP without inline script, frame-ancestors none, nosniff and no-referrer on both pages', async () => {
    const { app, services } = await buildTestApp({ seed: seedSmallTeam });
    const link = dashboardLink(services, services.repos.members.byName('张经理')[0]!).url.replace(/^https?:\/\/[^/]+/, '');
    for (const url of ['/', link, '/warroom?t=forged']) {
      const res = await app.inject({ url });
      const csp = directives(String(res.headers['content-security-policy']));
      expect(csp.get('script-src'), url).toBe("'self'");
      expect(csp.get('default-src')).toBe("'none'");
      expect(csp.get('frame-ancestors')).toBe("'none'");
      expect(csp.get('object-src')).toBe("'none'");
      expect(csp.get('style-src')).toMatch(/^'self' 'sha256-[A-Za-z0-9+/=]+'$/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
      // Nothing inline to allow: every script is a file of our own origin.
      expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      for (const src of res.body.matchAll(/<script[^>]*src="([^"]+)"/g)) expect(src[1]).toMatch(/^\/(warroom|console)\/assets\//);
    }
    for (const asset of [
      '/console/assets/page.js',
      '/console/assets/page.css',
      '/warroom/assets/page.js',
      '/warroom/assets/echarts.min.js',
    ]) {
      expect((await app.inject({ url: asset })).statusCode, asset).toBe(200);
    }
    await app.close();
  });

  it('allows the refused-link page its one inline style by hash', async () => {
    const { app } = await buildTestApp();
    const res = await app.inject({ url: '/warroom?t=forged' });
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.body)![1]!;
    const { createHash } = await import('node:crypto');
    const hash = `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
    expect(String(res.headers['content-security-policy'])).toContain(hash);
    await app.close();
  });
});
