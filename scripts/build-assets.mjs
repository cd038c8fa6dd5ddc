// The second half of `npm run build` (after tsc -p tsconfig.build.json): copies what tsc does not
// emit but the compiled code reads at run time, and writes dist/main.js so that `node dist/main.js`
// starts the service (docs/operations.md "Production").
//   src/**/*.{html,css,js}  the dashboard and console pages, beside their compiled modules
//   migrations/             applied at start; src/db/client.ts looks two folders up from itself
import { cpSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ASSET = /\.(html|css|js)$/;

function copyAssets(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) copyAssets(path);
    else if (ASSET.test(name)) cpSync(path, join('dist', path));
  }
}

copyAssets('src');
cpSync('migrations', join('dist', 'migrations'), { recursive: true });
writeFileSync(join('dist', 'main.js'), "// Entry point of the production build: npm run start:prod.\nimport './src/main.js';\n");
console.log(`build: assets and migrations copied to ${relative('.', 'dist')}/, entry dist/main.js`);
