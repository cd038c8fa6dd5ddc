import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The shape of the code, read from the source (docs/architecture.md "The dependency rule"). Each
// file belongs to one layer; a layer may import only the layers listed for it. A failure names the
// file, the import and the rule it breaks, so the fix is to move code, not to widen the rule.

const ROOT = resolve(import.meta.dirname, '..');

type Layer = 'domain' | 'core' | 'db' | 'cards' | 'method' | 'services' | 'config' | 'front' | 'platform' | 'platforms-shared' | 'wiring';

const FRONT_DOORS = ['commands', 'jobs', 'dashboard', 'demo'];

function layerOf(file: string): { layer: Layer; unit: string } {
  const p = relative(ROOT, file).replaceAll('\\', '/');
  if (p.startsWith('cards/')) return { layer: 'cards', unit: 'cards' };
  const [, top, sub] = p.split('/');
  if (top === 'domain' || top === 'core' || top === 'db' || top === 'method') return { layer: top, unit: top };
  if (top && FRONT_DOORS.includes(top)) return { layer: 'front', unit: top };
  if (top === 'platforms') {
    if (sub && !sub.endsWith('.ts')) return { layer: 'platform', unit: `platforms/${sub}` };
    if (sub === 'types.ts') return { layer: 'platforms-shared', unit: 'platforms-shared' };
    return { layer: 'wiring', unit: 'wiring' };
  }
  if (top === 'services.ts' || top === 'calendar-file.ts') return { layer: 'services', unit: 'services' };
  if (top === 'config.ts') return { layer: 'config', unit: 'config' };
  return { layer: 'wiring', unit: 'wiring' }; // app.ts, main.ts, adapters.ts, cli/
}

/** What each layer may import, besides itself. `types:` entries allow `import type` only. */
const ALLOWED: Record<Layer, string[]> = {
  domain: [],
  core: [],
  db: ['domain', 'core'],
  cards: ['core', 'domain', 'types:db'],
  'platforms-shared': ['core'],
  platform: ['core', 'platforms-shared'],
  method: ['domain', 'core', 'db', 'cards', 'services', 'config', 'types:platforms-shared'],
  front: ['method', 'cards', 'domain', 'core', 'db', 'services', 'config', 'types:platforms-shared'],
  services: ['config', 'core', 'db', 'domain', 'services'],
  config: ['domain'],
  wiring: ['*'],
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

interface Import {
  target: string;
  typeOnly: boolean;
  text: string;
}

function importsOf(file: string, src: string): Import[] {
  const out: Import[] = [];
  const re = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
  for (const m of src.matchAll(re)) {
    const spec = m[3] ?? m[4]!;
    const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
    out.push({ target, typeOnly: Boolean(m[2]), text: m[0].trim().split('\n').pop()! });
  }
  return out;
}

function allowed(from: { layer: Layer; unit: string }, to: { layer: Layer; unit: string }, typeOnly: boolean): boolean {
  if (from.unit === to.unit) return true;
  const rules = ALLOWED[from.layer];
  if (rules.includes('*')) return true;
  // Front doors never import each other; platforms never import another platform.
  if (from.layer === to.layer && (from.layer === 'front' || from.layer === 'platform')) return false;
  if (from.layer === to.layer) return true;
  return rules.includes(to.layer) || (typeOnly && rules.includes(`types:${to.layer}`));
}

function violations(): string[] {
  const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'cards'))];
  const out: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    for (const imp of importsOf(file, readFileSync(file, 'utf8'))) {
      if (!imp.target.startsWith(ROOT)) continue;
      const to = layerOf(imp.target);
      if (!allowed(from, to, imp.typeOnly))
        out.push(`${relative(ROOT, file)} (${from.unit}) imports ${relative(ROOT, imp.target)} (${to.unit})`);
    }
  }
  return out;
}

describe('architecture: the dependency rule', () => {
  it('classifies files into layers as docs/architecture.md describes', () => {
    expect(layerOf(join(ROOT, 'src/domain/plan.ts')).layer).toBe('domain');
    expect(layerOf(join(ROOT, 'src/platforms/feishu/parse.ts'))).toEqual({ layer: 'platform', unit: 'platforms/feishu' });
    expect(layerOf(join(ROOT, 'src/commands/log.ts'))).toEqual({ layer: 'front', unit: 'commands' });
    expect(layerOf(join(ROOT, 'cards/target.ts')).layer).toBe('cards');
    expect(layerOf(join(ROOT, 'src/cli/job.ts')).layer).toBe('wiring');
  });

  it('finds a forbidden import when there is one (the checker itself can fail)', () => {
    const file = join(ROOT, 'src/domain/x.ts');
    const [imp] = importsOf(file, "import { Services } from '../services.js';");
    expect(allowed(layerOf(file), layerOf(imp!.target), imp!.typeOnly)).toBe(false);
    const front = join(ROOT, 'src/commands/x.ts');
    const [j] = importsOf(front, "import { runJob } from '../jobs/runner.js';");
    expect(allowed(layerOf(front), layerOf(j!.target), false)).toBe(false);
    const [t] = importsOf(join(ROOT, 'cards/x.ts'), "import type { Member } from '../src/db/repos/members.repo.js';");
    expect(t!.typeOnly).toBe(true);
    expect(allowed(layerOf(join(ROOT, 'cards/x.ts')), layerOf(t!.target), true)).toBe(true);
    expect(allowed(layerOf(join(ROOT, 'cards/x.ts')), layerOf(t!.target), false)).toBe(false);
  });

  it('holds for every file in src/ and cards/', () => {
    expect(violations()).toEqual([]);
  });
});

describe('architecture: one composition root', () => {
  it('constructs repos only in src/services.ts', () => {
    const offenders = sourceFiles(join(ROOT, 'src'))
      .filter((f) => !f.endsWith('src/services.ts'))
      .filter((f) => /new [A-Za-z]*Repo\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });

  it('reads process.env only in src/config.ts', () => {
    const offenders = sourceFiles(join(ROOT, 'src'))
      .filter((f) => !f.endsWith('src/config.ts'))
      .filter((f) => /process\.env\b/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
