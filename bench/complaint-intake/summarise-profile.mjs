#!/usr/bin/env node
// Summarises a .cpuprofile: self time by package / source file and the top functions.
// Usage: node bench/complaint-intake/summarise-profile.mjs file.cpuprofile [top]
import { readFileSync } from 'node:fs';

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const top = Number(process.argv[3] ?? 30);
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (deltas[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const where = (node) => {
  const url = node.callFrame.url;
  if (!url) return `(${node.callFrame.functionName || 'native'})`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  const source = /\/(src|web|bench)\/(.*)$/.exec(url);
  if (source) return `${source[1]}/${source[2]}`;
  if (url.startsWith('node:')) return url;
  return url;
};
const add = (map, key, value) => map.set(key, (map.get(key) ?? 0) + value);
const byPlace = new Map();
const byFunction = new Map();
for (const [id, time] of self) {
  const node = byId.get(id);
  add(byPlace, where(node), time);
  add(
    byFunction,
    `${node.callFrame.functionName || '(anonymous)'} ${where(node)}:${node.callFrame.lineNumber + 1}`,
    time,
  );
}
const idle = [...byPlace].filter(([key]) => key === '(idle)').reduce((a, [, v]) => a + v, 0);
const busy = total - idle;
const show = (title, map) => {
  console.log(
    `\n${title} (share of busy CPU ${(busy / 1000).toFixed(0)} ms; idle ${((idle / total) * 100).toFixed(0)}%)`,
  );
  for (const [key, time] of [...map]
    .filter(([key]) => key !== '(idle)' && !key.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)) {
    console.log(`${((time / busy) * 100).toFixed(1).padStart(5)}%  ${key}`);
  }
};
show('Self time by package or file', byPlace);
show('Top functions by self time', byFunction);
