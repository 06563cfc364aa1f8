// Prints the functions with the most self time in a V8 .cpuprofile (node --cpu-prof).
//   node bench/profile-top.mjs FILE.cpuprofile [COUNT] [SKIP_SECONDS]
// SKIP_SECONDS leaves out the start (module loading, migrations) to show the steady state.
import { readFileSync } from 'node:fs';

const [file, count = '25', skip = '0'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const selfTicks = new Map();
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
let elapsed = 0;
let total = 0;
profile.samples.forEach((id, i) => {
  elapsed += profile.timeDeltas[i];
  if (elapsed < Number(skip) * 1e6) return;
  total++;
  const { callFrame } = byId.get(id);
  const where = callFrame.url ? `${callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(dist|bench)\//, '$1/')}:${callFrame.lineNumber + 1}` : '';
  const key = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
  selfTicks.set(key, (selfTicks.get(key) ?? 0) + 1);
});
const rows = [...selfTicks].sort((a, b) => b[1] - a[1]).slice(0, Number(count));
console.log(`${total} samples`);
for (const [key, ticks] of rows) console.log(`${((100 * ticks) / total).toFixed(1).padStart(5)}%  ${key}`);
