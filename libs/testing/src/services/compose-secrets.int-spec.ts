import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '..', '..', '..', '..');
const SECRET_REFERENCE = /^\$\{INTERNAL_AUTH_SECRET:\?[^}]+\}$/;

interface ComposeService {
  build?: unknown;
  environment?: Record<string, string>;
}

/** The CoLink services of docker-compose.yml (those built from this repo), merge keys resolved. */
function composeServices(): Record<string, ComposeService> {
  const text = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
  const document = parse(text, { merge: true, maxAliasCount: -1 }) as {
    services: Record<string, ComposeService>;
  };
  return Object.fromEntries(Object.entries(document.services).filter(([, service]) => service.build));
}

function composeCli(): boolean {
  return spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;
}

describe('docker-compose.yml secrets', () => {
  it('passes INTERNAL_AUTH_SECRET to every service from the env file, and names the example', () => {
    const services = composeServices();
    expect(Object.keys(services).length).toBeGreaterThanOrEqual(10);
    for (const [name, service] of Object.entries(services)) {
      expect([name, service.environment?.INTERNAL_AUTH_SECRET]).toEqual([
        name,
        expect.stringMatching(SECRET_REFERENCE),
      ]);
      expect([name, service.environment?.NODE_ENV]).toEqual([name, 'production']);
    }
    const example = readFileSync(join(root, 'deploy', 'compose.env.example'), 'utf8');
    expect(example).toMatch(/^INTERNAL_AUTH_SECRET=\S+$/m);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('deploy/compose.env.example');
  });

  it('resolves with `docker compose config` where a Docker Compose CLI exists', () => {
    if (!composeCli()) {
      // Reported, not faked: this machine has no `docker compose`, so the check did not run here.
      console.warn('docker compose config: NOT RUN (no Docker Compose CLI on this machine)');
      return;
    }
    const withExample = spawnSync(
      'docker',
      ['compose', '--env-file', 'deploy/compose.env.example', 'config', '--format', 'json'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(withExample.status).toBe(0);
    const resolved = JSON.parse(withExample.stdout) as { services: Record<string, ComposeService> };
    const example = /^INTERNAL_AUTH_SECRET=(\S+)$/m.exec(
      readFileSync(join(root, 'deploy', 'compose.env.example'), 'utf8'),
    )?.[1];
    for (const name of Object.keys(composeServices()))
      expect([name, resolved.services[name].environment?.INTERNAL_AUTH_SECRET]).toEqual([name, example]);
    const without = spawnSync('docker', ['compose', '--env-file', '/dev/null', 'config'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, INTERNAL_AUTH_SECRET: '' },
    });
    expect(without.status).not.toBe(0);
    expect(without.stderr).toMatch(/INTERNAL_AUTH_SECRET/);
  });
});
