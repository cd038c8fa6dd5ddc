import { createHash } from 'node:crypto';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { ERROR_PAGE_STYLE } from '../dashboard/pages.js';

// Browser protections for every response (docs/security.md). The CSP allows exactly what our pages
// load: the dashboard's page.js, page.css and the self-hosted echarts.min.js, the console's
// page.js and page.css, all from our own origin; no inline script at all. Two inline style
// allowances: the refused-link page's one <style> block (by hash), and style attributes, which
// ECharts writes into its tooltip markup (style-src-attr only, so no <style> element is allowed).

const hash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

export function cspDirectives(): Record<string, string[]> {
  return {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", hash(ERROR_PAGE_STYLE)],
    'style-src-attr': ["'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'font-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
  };
}

export async function registerHeaders(app: FastifyInstance, opts: { https: boolean }): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives() },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS only means something when the public address is https; on http://127.0.0.1 it is noise.
    strictTransportSecurity: opts.https ? { maxAge: 15_552_000, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
  });
}
