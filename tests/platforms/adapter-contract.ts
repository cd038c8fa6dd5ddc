import { afterEach, describe, expect, it } from 'vitest';
import { card, text, type Reply } from '../../src/core/reply.js';
import type { Services } from '../../src/services.js';

// The one contract every platform adapter passes (console, Feishu, WeCom). Each platform's test
// file calls adapterContract() with a harness that speaks that platform's wire format.

export interface ContractSession {
  services: Services;
  /** Delivers a signed/encrypted text message from a platform user; resolves with the HTTP status (or 200 for push transports). */
  deliverMessage(text: string, opts: { messageId: string; userId: string }): Promise<{ status: number }>;
  /** Delivers a message whose signature is forged; undefined where the transport is trusted (console). */
  deliverForged?(text: string, opts: { messageId: string; userId: string }): Promise<{ status: number }>;
  /** Texts of every reply the adapter sent or returned so far, after background work settled. */
  outbound(): Promise<string[]>;
  /** Makes a platform user id the identity of a member of the small team. */
  bind(memberName: string, userId: string): void;
  render(reply: Reply): unknown;
  close(): Promise<void>;
}

export interface ContractHarness {
  name: string;
  /** Must seed tests/helpers/team.ts seedSmallTeam() into the services. */
  open(): Promise<ContractSession>;
}

const bigTable: Reply = card({
  title: '长列表', colour: 'blue',
  table: { columns: ['客户', '动作'], rows: Array.from({ length: 400 }, (_, i) => [`客户${i}号有一个很长很长的名字用来撑大卡片`, '现场回访']) },
});

export function adapterContract(h: ContractHarness): void {
  describe(`adapter contract: ${h.name}`, () => {
    let s: ContractSession | null = null;
    afterEach(async () => { await s?.close(); s = null; });

    it('routes a message from a member to /log and sends one reply', async () => {
      s = await h.open();
      s.bind('小李', 'u-li');
      const res = await s.deliverMessage('/log 现场回访 华东重工', { messageId: 'm-1', userId: 'u-li' });
      expect(res.status).toBeLessThan(300);
      const out = await s.outbound();
      expect(out).toHaveLength(1);
      expect(out[0]).toContain('华东重工');
    });

    it('gives one reply and one log for a duplicated delivery', async () => {
      s = await h.open();
      s.bind('小李', 'u-li');
      await s.deliverMessage('/log 现场回访 华东重工', { messageId: 'm-dup', userId: 'u-li' });
      await s.deliverMessage('/log 现场回访 华东重工', { messageId: 'm-dup', userId: 'u-li' });
      expect(await s.outbound()).toHaveLength(1);
      const n = s.services.db.$client.prepare('SELECT count(*) AS n FROM action_logs').get() as { n: number };
      expect(n.n).toBe(1);
    });

    it('refuses a forged request and does nothing', async () => {
      s = await h.open();
      if (!s.deliverForged) return; // trusted local transport
      s.bind('小李', 'u-li');
      const res = await s.deliverForged('/log 现场回访 华东重工', { messageId: 'm-forged', userId: 'u-li' });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await s.outbound()).toHaveLength(0);
      const n = s.services.db.$client.prepare('SELECT count(*) AS n FROM action_logs').get() as { n: number };
      expect(n.n).toBe(0);
    });

    it('tells an unknown person how to be added', async () => {
      s = await h.open();
      await s.deliverMessage('/my', { messageId: 'm-unknown', userId: 'u-stranger' });
      const out = await s.outbound();
      expect(out).toHaveLength(1);
      expect(out[0]).toContain('成员名单');
    });

    it('renders every reply kind, keeping titles and button labels', async () => {
      s = await h.open();
      const withButtons = card({ title: '已记录', colour: 'green', fields: [{ label: '客户', value: '华东重工' }], buttons: [{ label: '撤销', action: 'log.undo', value: { logId: '1' } }] });
      for (const r of [text('你好'), withButtons]) {
        const json = JSON.stringify(s.render(r));
        expect(json.length).toBeGreaterThan(0);
      }
      expect(JSON.stringify(s.render(withButtons))).toContain('撤销');
      expect(JSON.stringify(s.render(withButtons))).toContain('已记录');
      // A long list is cut to the platform's limit with a note of how many more (checked per platform).
      expect(() => JSON.stringify(s!.render(bigTable))).not.toThrow();
    });
  });
}
