import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar-file.js';
import { loadConfig } from '../../src/config.js';
import { parsePacksFile } from '../../src/method/reference/packs-file.js';
import { testServices } from '../helpers/test-app.js';

const dir = mkdtempSync(join(tmpdir(), 'warroom-method-'));
const file = (name: string, body: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
  return p;
};

describe('configuration of method steps 1–2', () => {
  it('stage suggestion defaults and validation name the variable', () => {
    const c = loadConfig({});
    expect(c.STAGE_GROWTH_THRESHOLD).toBe(0.15);
    expect(c.STAGE_QUARTERS).toBe(2);
    expect(() => loadConfig({ STAGE_QUARTERS: '0' })).toThrow(/STAGE_QUARTERS/);
  });

  it("PACKS_FILE loads the team's packs into action_types at start", () => {
    const path = file('packs.json', {
      actions: [
        {
          code: 'tech_qa',
          name: '技术答疑',
          aliases: ['答疑'],
          stage: 'incubating',
          frequency: { kind: 'periodic', period: 'month', times: 2 },
        },
        { code: 'site_audit', name: '现场审核', stage: 'stable', frequency: { kind: 'periodic', period: 'quarter', times: 1 } },
      ],
    });
    const { services } = testServices({ PACKS_FILE: path });
    const all = services.repos.actionTypes.all();
    expect(all.find((a) => a.code === 'tech_qa')!.frequency).toEqual({ kind: 'periodic', period: 'month', times: 2 });
    expect(all.find((a) => a.code === 'site_audit')).toMatchObject({ name: '现场审核', stage: 'stable', aliases: [] });
    expect(all.find((a) => a.code === 'exec_visit')).toBeTruthy();
  });

  it('a bad packs file names the file and the field', () => {
    const bad = {
      actions: [{ code: 'tech_qa', name: '技术答疑', stage: 'incubating', frequency: { kind: 'periodic', period: 'fortnight', times: 1 } }],
    };
    expect(() => parsePacksFile('config/packs.json', JSON.stringify(bad))).toThrow(/config\/packs\.json: actions\.0\.frequency\.period/);
    expect(() => parsePacksFile('p.json', '{oops')).toThrow(/p\.json: not valid JSON/);
    expect(() => testServices({ PACKS_FILE: join(dir, 'missing.json') })).toThrow(/PACKS_FILE: .*missing\.json does not exist/);
  });

  it('CALENDAR_FILE overrides working days on the one calendar in services', () => {
    const path = file('calendar.json', { daysOff: ['2026-12-02'], workdays: ['2026-12-05'] });
    const { services } = testServices({ CALENDAR_FILE: path });
    expect(services.calendar.isWorkingDay('2026-12-02')).toBe(false);
    expect(services.calendar.isWorkingDay('2026-12-05')).toBe(true);
    expect(services.calendar.isWorkingDay('2026-12-03')).toBe(true);
    const wrong = file('bad-calendar.json', { daysOff: ['2026-13-01'] });
    expect(() => loadCalendar({ CALENDAR_FILE: wrong })).toThrow(/bad-calendar\.json: daysOff\.0: must be a date/);
  });
});
