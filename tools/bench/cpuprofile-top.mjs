#!/usr/bin/env node
// The top functions by self time of `node --cpu-prof` profiles: `node tools/bench/cpuprofile-top.mjs
// <dir> [top=15]` reads every *.cpuprofile in <dir>. When <dir>/window.json names the load window
// ({start, end, exits: {name: ms}} in wall-clock ms, written by the knee bench), only the samples
// taken in that window count, so start-up and shutdown do not drown the steady state.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');

function where(frame) {
  const url = frame.url.replace(/^file:\/\//, '');
  const file = url ? relative(root, url).replace(/^node_modules\/\.pnpm\/[^/]+\/node_modules\//, '') : '';
  return file ? `${file}:${frame.lineNumber + 1}` : '';
}

/** Self time per function (name + place) of one profile, restricted to [fromUs, toUs] of its clock. */
export function topOfProfile(profile, top = 15, fromUs = -Infinity, toUs = Infinity) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  let t = profile.startTime;
  let total = 0;
  let idle = 0;
  for (let k = 0; k < profile.samples.length; k += 1) {
    t += profile.timeDeltas[k] ?? 0;
    if (t < fromUs || t > toUs) continue;
    const next = profile.timeDeltas[k + 1] ?? 0;
    const node = byId.get(profile.samples[k]);
    const frame = node.callFrame;
    if (frame.functionName === '(idle)') {
      idle += next;
      continue;
    }
    total += next;
    const key = `${frame.functionName || '(anonymous)'}  ${where(frame)}`;
    self.set(key, (self.get(key) ?? 0) + next);
  }
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    busyMs: total / 1000,
    idleMs: idle / 1000,
    rows: rows.map(([fn, us]) => ({ fn, ms: us / 1000, share: us / total })),
  };
}

export function summariseProfiles(dir, top = 15) {
  const windowFile = join(dir, 'window.json');
  const window = existsSync(windowFile) ? JSON.parse(readFileSync(windowFile, 'utf8')) : null;
  const out = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()) {
    const name = basename(file, '.cpuprofile');
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    let from = -Infinity;
    let to = Infinity;
    const exit = window?.exits?.[name];
    if (window && exit) {
      // The profile's clock ends (endTime) about when the process exited: map wall-clock ms onto it.
      from = profile.endTime - (exit - window.start) * 1000;
      to = profile.endTime - (exit - window.end) * 1000;
    }
    const result = topOfProfile(profile, top, from, to);
    const busy = result.busyMs / (result.busyMs + result.idleMs);
    out.push(
      `${name}: ${(result.busyMs / 1000).toFixed(1)} s on CPU in the window (${(100 * busy).toFixed(0)} % of its samples busy); top ${top} by self time:`,
    );
    for (const row of result.rows)
      out.push(
        `  ${(100 * row.share).toFixed(1).padStart(5)} %  ${row.ms.toFixed(0).padStart(6)} ms  ${row.fn}`,
      );
  }
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: cpuprofile-top.mjs <dir with .cpuprofile files> [top]');
  console.log(summariseProfiles(dir, Number(process.argv[3] ?? 15)));
}
