import { ServiceProcess } from './service-process';

const secret = 'integration-test-internal-secret';

/**
 * Every service, its test port and the dependencies its /ready must report. Each serves /metrics on
 * a port of its own (here: the test port + 300), never on its API port.
 */
const services: Array<[app: string, port: number, checks: string[]]> = [
  ['gateway', 18080, ['redis', 'keycloak']],
  ['ws-gateway', 18081, ['redis', 'kafka', 'keycloak']],
  ['users', 14001, ['postgres', 'kafka']],
  ['channels', 14002, ['postgres', 'kafka']],
  ['messaging', 14003, ['postgres', 'kafka']],
  ['presence', 14004, ['redis', 'kafka']],
  ['files', 14005, ['mongo', 's3', 'clamd', 'kafka']],
  ['search', 14006, ['opensearch', 'kafka']],
  ['admin', 14007, ['postgres', 'kafka']],
  ['bi-exporter', 14008, ['s3', 'kafka']],
];

describe('every service boots against the real stack', () => {
  const running = services.map(
    ([app, port]) =>
      new ServiceProcess(app, port, { INTERNAL_AUTH_SECRET: secret, METRICS_PORT: String(port + 300) }),
  );

  beforeAll(async () => {
    for (const service of running) service.start();
    await Promise.all(running.map((service) => service.ready(90_000)));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop()));
  });

  it.each(services)(
    '%s answers /health, /ready with its own dependencies, and /metrics on its metrics port only',
    async (app, port, expected) => {
      const base = `http://127.0.0.1:${port}`;
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      expect(health.headers.get('x-request-id')).toBeTruthy();

      const ready = await fetch(`${base}/ready`);
      const body = (await ready.json()) as { status: string; checks: Record<string, string> };
      expect(ready.status).toBe(200);
      expect(body.status).toBe('ready');
      expect(Object.keys(body.checks).sort()).toEqual([...expected].sort());
      expect(Object.values(body.checks).every((state) => state === 'ok')).toBe(true);

      const metrics = await (await fetch(`http://127.0.0.1:${port + 300}/metrics`)).text();
      expect(metrics).toContain('process_cpu_seconds_total');
      expect(metrics).toMatch(
        /http_request_duration_seconds_bucket\{[^}]*route="\/ready"[^}]*status_code="200"/,
      );
      expect((await fetch(`${base}/metrics`)).status).toBe(404);
    },
  );

  it('answers an unknown route with a problem+json 404 and no internals', async () => {
    const response = await fetch('http://127.0.0.1:14001/api/v1/nowhere?x=1');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem).toEqual({
      type: 'https://colink.dev/problems/not-found',
      title: 'Not Found',
      status: 404,
      detail: 'Cannot GET /api/v1/nowhere?x=1',
      instance: '/api/v1/nowhere?x=1',
    });
  });
});

describe('a misconfigured service', () => {
  it('stops at start with a message naming the variable', async () => {
    const service = new ServiceProcess('users', 14091, {
      INTERNAL_AUTH_SECRET: '',
      KAFKA_BROKERS: 'localhost:9092',
      DATABASE_URL: 'not a url',
    });
    service.start();
    const code = await service.exited();
    expect(code).toBe(78);
    expect(service.output).toMatch(/INTERNAL_AUTH_SECRET: must be at least 16 characters/);
    expect(service.output).toMatch(/DATABASE_URL: /);
    expect(service.output).not.toMatch(/\n\s+at /);
  });

  it.each([
    [
      'a known local default',
      'colink-local-internal-secret',
      /INTERNAL_AUTH_SECRET: is a known local default/,
    ],
    ['a short secret', 'only-twenty-chars-ok', /INTERNAL_AUTH_SECRET: must be at least 32 characters/],
  ])('refuses to start in production with %s, naming the variable', async (_what, value, message) => {
    const service = new ServiceProcess('users', 22090, {
      NODE_ENV: 'production',
      INTERNAL_AUTH_SECRET: value,
    });
    service.start();
    expect(await service.exited()).toBe(78);
    expect(service.output).toMatch(message);
  });
});
