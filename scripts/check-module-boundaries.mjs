#!/usr/bin/env node
// Fails when code reaches into a module's internals instead of its index.ts (ARCHITECTURE.md:
// "modules meet at index.ts"). Files inside a module may import each other freely.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOTS = ['src', 'web/src', 'bench'];
const MODULES_DIR = path.resolve('src/modules');
const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function* files(directory) {
  let entries;
  try {
    entries = readdirSync(directory);
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(directory, entry);
    if (entry === 'node_modules' || entry === 'dist') continue;
    if (statSync(full).isDirectory()) yield* files(full);
    else if (/\.(ts|tsx|mts)$/.test(entry)) yield full;
  }
}

function moduleOf(file) {
  const relative = path.relative(MODULES_DIR, path.resolve(file));
  if (relative.startsWith('..')) return undefined;
  return relative.split(path.sep)[0];
}

const violations = [];
for (const root of ROOTS) {
  for (const file of files(root)) {
    // Test files may use a module's internals to arrange a situation; production code may not.
    if (/\.test\.tsx?$/.test(file)) continue;
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2];
      if (!specifier?.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), specifier);
      const targetModule = moduleOf(target);
      if (!targetModule || targetModule === moduleOf(file)) continue;
      const inside = path.relative(path.join(MODULES_DIR, targetModule), target);
      // Contracts are shared with the web by design (CONVENTIONS.md 4); everything else goes through index.ts.
      if (inside === 'index.ts' || inside.endsWith('.contracts.ts')) continue;
      violations.push(`${file}: imports ${specifier} (use src/modules/${targetModule}/index.ts)`);
    }
  }
}

if (violations.length > 0) {
  console.error(`Module boundary violations:\n${violations.map((line) => `  ${line}`).join('\n')}`);
  process.exit(1);
}
console.log('Module boundaries respected.');
