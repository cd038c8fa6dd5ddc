import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { retryTransient, TransientError } from '../../core/errors.js';
import type { DispatchResult } from '../../core/ports.js';
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

  /**
   * The console answers after the write, so a busy database (another process holds the write lock)
   * is retried with backoff while other requests are served, then refused in Chinese, never a 500.
   */
  async function answer(reply: FastifyReply, work: () => Promise<DispatchResult>) {
    try {
      const out = await retryTransient(work);
      return { duplicate: out.duplicate, replies: out.replies.map(renderConsole) };
    } catch (err) {
      if (!(err instanceof TransientError)) throw err;
      return reply.code(503).send({ error: '数据库正忙（另一个程序正在写入），这条消息没有记录。请稍后再发一次。' });
    }
  }

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
      const event = parseConsoleMessage(body.data);
      return answer(reply, () => {
        ensureIdentity(body.data.as);
        return dispatch(event);
      });
    });
    app.post('/console/actions', async (req, reply) => {
      const body = consoleActionSchema.safeParse(req.body);
      if (!body.success) return reply.code(400).send({ error: body.error.issues.map((i) => i.message).join('；') });
      const event = parseConsoleAction(body.data);
      return answer(reply, () => {
        ensureIdentity(body.data.as);
        return dispatch(event);
      });
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
