// Preloaded into the service by profile.mjs (NODE_OPTIONS=--import): counts the SQL statements
// the pg driver sends and the time each takes (from send to answer, as the request waits for it),
// per statement text. SIGUSR2 writes the counts since the last signal to $QUERY_COUNT_FILE and
// starts again from zero. Development aid only; never loaded by the service itself.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'package.json'));
const pg = require('pg');
let counts = new Map();
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function query(config, values, callback) {
  const text = typeof config === 'string' ? config : (config?.text ?? '');
  const key = text.replace(/\s+/g, ' ').trim().slice(0, 240);
  const started = performance.now();
  const entry = counts.get(key) ?? { count: 0, ms: 0 };
  entry.count += 1;
  counts.set(key, entry);
  const result = original.call(this, config, values, callback);
  if (result && typeof result.then === 'function') {
    result.then(
      () => {
        entry.ms += performance.now() - started;
      },
      () => {},
    );
  }
  return result;
};
process.on('SIGUSR2', () => {
  writeFileSync(process.env.QUERY_COUNT_FILE, JSON.stringify([...counts]));
  counts = new Map();
});
