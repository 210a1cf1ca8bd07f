import { spawnSync } from 'node:child_process';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';

const stack = join(__dirname, '..', '..', '..', '..', 'tools', 'stack', 'stack.sh');

function run(...args: string[]) {
  const result = spawnSync('bash', [stack, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

/** What an operator sees when `stack` cannot do what was asked: a named cause and fix, never a hang. */
describe('tools/stack/stack.sh refuses clearly', () => {
  it('stops with the port, its owner and the fix when another process holds a component port', async () => {
    expect(run('stop', 'prometheus').code).toBe(0);
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(9090, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const result = run('start', 'prometheus');
      expect(result.code).not.toBe(0);
      expect(result.out).toMatch(
        /prometheus: port 127\.0\.0\.1:9090 is already taken by .*; fix: stop that process/,
      );
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
      expect(run('start', 'prometheus').code).toBe(0);
    }
    expect(run('status').code).toBe(0);
  }, 120_000);

  it('names the components it knows when asked for one it does not', () => {
    const result = run('start', 'mysql');
    expect(result.code).not.toBe(0);
    expect(result.out).toMatch(/unknown component 'mysql'; one of: postgres redis kafka/);
  });

  it('reports a stopped component in status with a non-zero exit', () => {
    expect(run('stop', 'redis').code).toBe(0);
    try {
      const status = run('status');
      expect(status.code).not.toBe(0);
      expect(status.out).toMatch(/^redis\s+down\s+redis:\/\/localhost:6379$/m);
    } finally {
      expect(run('start', 'redis').code).toBe(0);
    }
  }, 120_000);
});
