import { describe, expect, it } from 'vitest';
import { card, type Reply, text } from '../../src/core/reply.js';
import type { Services } from '../../src/services.js';
import { type LimitCheck, platformLimits } from './platform-limits.js';

// The one contract every platform adapter passes (console, Feishu, WeCom app, WeCom AI bot). Each platform's
// test file calls adapterContract() with a harness that speaks that platform's wire format. Sessions close
// themselves when their test finishes (the helpers register onTestFinished).

export interface ContractSession {
  services: Services;
  /** Delivers a signed/encrypted text message from a platform user; resolves with the HTTP status (or 200 for push transports). */
  deliverMessage(text: string, opts: { messageId: string; userId: string }): Promise<{ status: number }>;
  /** Delivers a message whose signature is forged; required when the harness is `signed`. */
  deliverForged?(text: string, opts: { messageId: string; userId: string }): Promise<{ status: number }>;
  /** Texts of every reply the adapter sent or returned so far, after background work settled. */
  outbound(): Promise<string[]>;
  /** Makes a platform user id the identity of a member of the small team. */
  bind(memberName: string, userId: string): void;
  render(reply: Reply): unknown;
}

export interface ContractHarness {
  name: string;
  /** False for a trusted local transport (the console): no signature to forge. */
  signed: boolean;
  /** The platform's size limits on what `render` returns (platform-limits.ts); null where there are none (the console). */
  limits: keyof typeof platformLimits | null;
  /** Must seed tests/helpers/team.ts seedSmallTeam() into the services. */
  open(): Promise<ContractSession>;
}

const bigTable: Reply = card({
  title: '长列表',
  colour: 'blue',
  table: {
    columns: ['客户', '动作'],
    rows: Array.from({ length: 400 }, (_, i) => [`客户${i}号有一个很长很长的名字用来撑大卡片`, '现场回访']),
  },
});
const withButtons: Reply = card({
  title: '已记录',
  colour: 'green',
  fields: [{ label: '客户', value: '华东重工' }],
  buttons: [{ label: '撤销', action: 'log.undo', value: { logId: '1' } }],
});
const longText: Reply = text(`很长的一段话。${'作战室'.repeat(60_000)}`);
const manyParts: Reply = card({
  title: '一个非常非常非常非常非常非常非常非常长的标题超过二十六个字',
  colour: 'blue',
  fields: Array.from({ length: 9 }, (_, i) => ({ label: `字段名称很长${i}`, value: '值'.repeat(40) })),
  buttons: Array.from({ length: 8 }, (_, i) => ({ label: `一个很长的按钮文字${i}`, action: 'x', value: { i: String(i) } })),
});

export function adapterContract(h: ContractHarness): void {
  const limits: LimitCheck | null = h.limits ? platformLimits[h.limits] : null;

  describe(`adapter contract: ${h.name}`, () => {
    it('routes a message from a member to /log and sends one reply', async () => {
      const s = await h.open();
      s.bind('小李', 'u-li');
      const res = await s.deliverMessage('/log 现场回访 华东重工', { messageId: 'm-1', userId: 'u-li' });
      expect(res.status).toBeLessThan(300);
      const out = await s.outbound();
      expect(out).toHaveLength(1);
      expect(out[0]).toContain('华东重工');
    });

    it('gives one reply and one log for a duplicated delivery', async () => {
      const s = await h.open();
      s.bind('小李', 'u-li');
      await s.deliverMessage('/log 现场回访 华东重工', { messageId: 'm-dup', userId: 'u-li' });
      await s.deliverMessage('/log 现场回访 华东重工', { messageId: 'm-dup', userId: 'u-li' });
      expect(await s.outbound()).toHaveLength(1);
      const n = s.services.db.$client.prepare('SELECT count(*) AS n FROM action_logs').get() as { n: number };
      expect(n.n).toBe(1);
    });

    it.skipIf(!h.signed)('refuses a forged request and does nothing', async () => {
      const s = await h.open();
      s.bind('小李', 'u-li');
      const res = await s.deliverForged!('/log 现场回访 华东重工', { messageId: 'm-forged', userId: 'u-li' });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await s.outbound()).toHaveLength(0);
      const n = s.services.db.$client.prepare('SELECT count(*) AS n FROM action_logs').get() as { n: number };
      expect(n.n).toBe(0);
    });

    it('tells an unknown person how to be added', async () => {
      const s = await h.open();
      await s.deliverMessage('/my', { messageId: 'm-unknown', userId: 'u-stranger' });
      const out = await s.outbound();
      expect(out).toHaveLength(1);
      expect(out[0]).toContain('成员名单');
    });

    it('renders every reply kind, keeping titles and button labels', async () => {
      const s = await h.open();
      expect(JSON.stringify(s.render(text('你好')))).toContain('你好');
      expect(JSON.stringify(s.render(withButtons))).toContain('撤销');
      expect(JSON.stringify(s.render(withButtons))).toContain('已记录');
    });

    it.skipIf(!limits)('keeps every rendered reply within the platform limits, saying what was cut', async () => {
      const s = await h.open();
      for (const r of [text('你好'), withButtons, bigTable, longText, manyParts]) expect(limits!(s.render(r))).toEqual([]);
      // A long list is cut with a note of how many rows are missing, never dropped silently.
      expect(JSON.stringify(s.render(bigTable))).toMatch(/[还另]有 \d+ [行项]未显示|已截断/);
    });
  });
}
