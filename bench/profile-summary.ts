/**
 * `npm run bench:profile -- <file.cpuprofile>`: where a server spent its CPU (self time by package and
 * by function, inclusive time of Tallyroom's own functions), from a profile `npm run bench -- --cpu-prof`
 * wrote under bench/results/profiles/.
 */
import { readFileSync } from 'node:fs';
import { renderProfile, summariseProfile, type CpuProfile } from './lib/profile.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run bench:profile -- bench/results/profiles/<run>/<file>.cpuprofile');
  process.exit(2);
}
console.log(renderProfile(summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(process.argv[3] ?? 15))));
