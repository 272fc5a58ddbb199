/**
 * `npm run bench`: every benchmark section in turn, each printing its own table. `BENCH_ONLY=login`
 * (a comma-separated list of section names) runs a subset.
 */
import { benchLogin } from './login.js';
import { benchUserImport } from './user-import.js';
import { benchUserSearch } from './user-search.js';

const sections: Record<string, () => Promise<void>> = {
  login: benchLogin,
  'user-import': benchUserImport,
  'user-search': benchUserSearch,
};

const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
for (const [name, run] of Object.entries(sections)) {
  if (only === undefined || only.includes(name)) await run();
}
