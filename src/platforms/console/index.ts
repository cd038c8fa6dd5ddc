import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Reply } from '../../core/reply.js';
import type { AdapterDeps, PlatformAdapter, SendTarget } from '../types.js';
import { consoleActionSchema, consoleMessageSchema, parseConsoleAction, parseConsoleMessage } from './parse.js';
import { renderConsole } from './render.js';

const asset = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
const PAGE = asset('page.html');
// Script and style are files, not inline, so the page runs under a CSP without 'unsafe-inline'.
const JS = asset('page.js');
const CSS = asset('page.css');

/** Messages pushed by jobs (the Monday report, warnings) to console chats, newest last. */
export interface ConsoleInbox {
  push(target: SendTarget, reply: Reply, key: string): void;
  list(targetId?: string): Array<{ target: SendTarget; key: string; reply: Reply; text: string }>;
}

export function createConsoleAdapter({ identities, dispatch }: AdapterDeps): PlatformAdapter & { inbox: ConsoleInbox } {
  const pushed: Array<{ target: SendTarget; key: string; reply: Reply; text: string }> = [];
  const inbox: ConsoleInbox = {
    push: (target, reply, key) => {
      if (!pushed.some((p) => p.key === key)) pushed.push({ target, key, reply, text: renderConsole(reply).text });
    },
    list: (targetId) => pushed.filter((p) => !targetId || p.target.id === targetId),
  };

  /** The console trusts the local operator: a member is whoever they pick, bound on first use. */
  const ensureIdentity = (name: string): void => identities.bindByName('console', name, name);

  async function register(app: FastifyInstance): Promise<void> {
    app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
    app.get('/console/assets/page.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').send(JS));
    app.get('/console/assets/page.css', async (_req, reply) => reply.type('text/css; charset=utf-8').send(CSS));
    app.get('/console/members', async () => ({
      members: identities.roster(),
    }));
    app.post('/console/messages', async (req, reply) => {
      const body = consoleMessageSchema.safeParse(req.body);
      if (!body.success) return reply.code(400).send({ error: body.error.issues.map((i) => i.message).join('；') });
      ensureIdentity(body.data.as);
      const out = await dispatch(parseConsoleMessage(body.data));
      return { duplicate: out.duplicate, replies: out.replies.map(renderConsole) };
    });
    app.post('/console/actions', async (req, reply) => {
      const body = consoleActionSchema.safeParse(req.body);
      if (!body.success) return reply.code(400).send({ error: body.error.issues.map((i) => i.message).join('；') });
      ensureIdentity(body.data.as);
      const out = await dispatch(parseConsoleAction(body.data));
      return { duplicate: out.duplicate, replies: out.replies.map(renderConsole) };
    });
    app.get<{ Querystring: { to?: string } }>('/console/inbox', async (req) => ({ messages: inbox.list(req.query.to) }));
  }

  return {
    platform: 'console',
    inbox,
    register,
    render: renderConsole,
    async send(target, reply, key) {
      inbox.push(target, reply, key);
    },
  };
}
