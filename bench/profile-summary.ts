/**
 * Where a server's CPU time goes: self and inclusive time per function from a V8 `.cpuprofile`, as
 * produced by `node --cpu-prof --cpu-prof-dir=<dir> dist/main.js` under load.
 *
 *   node --import tsx bench/profile-summary.ts <file.cpuprofile> [rows] [requests]
 *
 * With `requests` (how many the load completed), times are also shown per request. Each sample is
 * weighted by the time until the next one, so an irregular sampling interval does not skew the shares.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const [file, rowsArg, requestsArg] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [rows] [requests]\n');
  process.exit(2);
}
const rows = Number(rowsArg ?? 30);
const requests = requestsArg === undefined ? undefined : Number(requestsArg);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const label = ({ callFrame: { functionName, url, lineNumber } }: ProfileNode): string =>
  `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, 'npm:').replace(/^file:\/\/.*?\/(dist|src)\//, '$1/')}:${lineNumber + 1}`;

const weightOf = new Map<number, number>();
let total = 0;
profile.samples.forEach((sample, i) => {
  const weight = profile.timeDeltas[i + 1] ?? 0;
  total += weight;
  weightOf.set(sample, (weightOf.get(sample) ?? 0) + weight);
});

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, weight] of weightOf) {
  const node = byId.get(id)!;
  self.set(label(node), (self.get(label(node)) ?? 0) + weight);
  const seen = new Set<string>();
  for (let current: number | undefined = id; current !== undefined; current = parentOf.get(current)) {
    const name = label(byId.get(current)!);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + weight);
  }
}

function print(title: string, times: Map<string, number>): void {
  console.log(`\n${title}`);
  for (const [name, micros] of [...times].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    const perRequest = requests === undefined ? '' : `${(micros / requests).toFixed(1).padStart(8)} µs/req`;
    console.log(`${((100 * micros) / total).toFixed(1).padStart(5)}%${perRequest}  ${name}`);
  }
}
console.log(`${(total / 1e6).toFixed(2)} s sampled`);
print('self time', self);
print('inclusive time', inclusive);
