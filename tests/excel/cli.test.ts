import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/method/excel/workbook.js';
import { workbook } from './fixtures.js';

// The command-line tools as an operator runs them: a real file database, exit status and output.

const run = promisify(execFile);
const tsx = join(process.cwd(), 'node_modules/.bin/tsx');

async function cli(script: string, args: string[], db: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(tsx, [`src/cli/${script}.ts`, ...args], {
      env: { ...process.env, DATABASE_PATH: db, LOG_LEVEL: 'silent' },
    });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('npm run import / export', () => {
  it('import: problems exit non-zero and name sheet, row, column; a good file imports; export writes CSV with a BOM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-cli-'));
    const db = join(dir, 'w.db');
    const bad = join(dir, 'bad.xlsx');
    writeFileSync(
      bad,
      await workbook({
        成员: [['小王', '销售', '华东区', null, null]],
        订单: [['SO-1', '不存在的客户', '订单', '2026-10-01', '-5']],
      }),
    );
    const r1 = await cli('import', [bad, '--dry-run'], db);
    expect(r1.code).toBe(1);
    expect(r1.out).toContain('订单 第 2 行 「金额(元)」列：金额不能为负数');

    const good = join(dir, 'good.xlsx');
    writeFileSync(
      good,
      await workbook({
        成员: [['小王', '销售', '华东区', null, '10万']],
        客户: [['甲公司', '小王', '成长型', '2026-01-01', '300万', null, '甲']],
        订单: [['SO-1', '甲公司', '订单', '2026-10-01', '4.2亿']],
      }),
    );
    const dry = await cli('import', [good, '--dry-run'], db);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('客户：新增 1，更新 0，不变 0');
    const applied = await cli('import', [good], db);
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('已导入');

    const csv = join(dir, 'orders.csv');
    const ex = await cli('export', ['data', csv], db);
    expect(ex.code).toBe(0);
    const orders = readFileSync(join(dir, 'orders-订单.csv'));
    expect([...orders.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(orders.toString('utf8')).toContain('SO-1,甲公司,订单,2026-10-01,420000000');
  }, 60_000);

  it('CSV escapes commas, quotes and formula starts', () => {
    const out = toCsv({
      name: 't',
      headers: ['a', 'b'],
      rows: [
        ['x,y', '=1+1'],
        ['say "hi"', null],
      ],
    });
    expect(out).toBe('\uFEFFa,b\r\n"x,y",\'=1+1\r\n"say ""hi""",\r\n');
  });
});
