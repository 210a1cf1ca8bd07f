// The Helm pre-install/pre-upgrade migration hook (helm/colink templates/migrations-job.yaml).
// A CoLink service applies its own TypeORM migrations, each in its transaction, before it answers
// /ready; this runs the new image's service once, waits for /ready (the migrations are then
// committed), stops it with SIGTERM and exits 0. A service that exits first, or is not ready within
// MIGRATE_TIMEOUT_S, fails the hook and so the release, before any old pod is replaced.
import { spawn } from 'node:child_process';

const app = process.env.APP;
const port = process.env.PORT ?? '8080';
const timeoutS = Number(process.env.MIGRATE_TIMEOUT_S ?? '300');
if (!app) {
  console.error('migrate-hook: APP is not set');
  process.exit(2);
}
const child = spawn(process.execPath, [`dist/apps/${app}/apps/${app}/src/main.js`], { stdio: 'inherit' });
let exited = null;
child.on('exit', (code, signal) => (exited = { code, signal }));

const deadline = Date.now() + timeoutS * 1000;
for (;;) {
  if (exited) {
    console.error(`migrate-hook: ${app} exited before it was ready (${JSON.stringify(exited)})`);
    process.exit(1);
  }
  if (Date.now() > deadline) {
    console.error(`migrate-hook: ${app} not ready after ${timeoutS} s`);
    child.kill('SIGTERM');
    process.exit(1);
  }
  const ready = await fetch(`http://127.0.0.1:${port}/ready`).then(
    (r) => r.ok,
    () => false,
  );
  if (ready) break;
  await new Promise((r) => setTimeout(r, 1000));
}
console.log(`migrate-hook: ${app} migrated and ready; stopping it`);
child.kill('SIGTERM');
await new Promise((r) => (exited ? r() : child.once('exit', r)));
process.exit(0);
