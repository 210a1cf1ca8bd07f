import { KeycloakAdmin, RunningPlatform, startPlatform } from '@colink/testing';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..');

/** Runs a command to its end; resolves with its exit code and everything it printed. */
function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** One line of what Schemathesis did: its test-case counts, its seed and its warnings. */
function schemathesisSummary(output: string): string {
  const lines = output.split('\n').map((line) => line.trim());
  const at = lines.indexOf('Test cases:');
  const cases = at >= 0 ? (lines[at + 1] ?? '') : '';
  const seed = lines.find((line) => line.startsWith('Seed:')) ?? '';
  const warnings = lines.filter((line) => line.startsWith('⚠️')).map((line) => line.replace('⚠️', '').trim());
  return [
    'schemathesis:',
    cases,
    seed && `(${seed.toLowerCase()})`,
    ...warnings.map((w) => `; warning: ${w}`),
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * The OpenAPI at /api/docs-json tells the truth: Schemathesis (tools/contract/schemathesis.sh, every
 * check, the repo's schemathesis.toml and hooks) drives every operation through the gateway as a new
 * member with a real Keycloak token and finds nothing.
 */
describe('the public OpenAPI, fuzzed by Schemathesis', () => {
  const keycloak = new KeycloakAdmin();
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform(
      ['users', 'channels', 'messaging', 'presence', 'files', 'search', 'admin'],
      {
        base: 24000,
        readyTimeoutMs: 180_000,
        // The fuzzer sends a few thousand requests in a few minutes as one user: above the per-user and
        // per-address budgets, which the front-door tests cover.
        // Counted under keys of their own, so the suites after this one keep their budgets.
        gatewayEnv: {
          RATE_LIMIT_KEY_PREFIX: 'ratelimit-contract-test',
          RATE_LIMIT_USER_READS: '1000000',
          RATE_LIMIT_USER_WRITES: '1000000',
          RATE_LIMIT_IP_READS: '1000000',
          RATE_LIMIT_IP_WRITES: '1000000',
        },
      },
    );
  }, 240_000);

  afterAll(() => platform?.stop());

  it('finds no failure in any operation', async () => {
    const member = await keycloak.createUser();
    const token = await keycloak.passwordToken(member);
    const result = await run('bash', ['tools/contract/schemathesis.sh', 'run', platform.gatewayUrl, token]);
    // Only the counts are echoed: Schemathesis closes with a pytest-style banner ("=== 3 warnings
    // in 44s ===") that log readers take for the suite's own result. A failure shows everything below.
    process.stdout.write(`${schemathesisSummary(result.output)}\n`);
    expect({ code: result.code, summary: result.code === 0 ? '' : result.output }).toEqual({
      code: 0,
      summary: '',
    });
  }, 720_000);
});
