import { METRICS_PORT_OFFSET } from '@colink/platform';
import {
  GatewayClient,
  KeycloakAdmin,
  RunningPlatform,
  ServiceProcess,
  seekGroupToEnd,
  stackEnv,
  startPlatform,
  connectSocket,
  explainedBy,
  waitFor,
} from '@colink/testing';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';

/**
 * Every Grafana panel query (deploy/grafana/dashboards) and every Prometheus rule
 * (deploy/prometheus/rules) runs against a real Prometheus that scrapes the running services after a
 * little load, and must parse and return series: a panel showing "No data" or an alert that can
 * never see its signal is a defect. The Prometheus is the stack's own binary, started here on a
 * port of this test with the repo's rule files, scraping the services this test starts, so the
 * check does not depend on what else runs on the machine.
 */
const BASE = 26000;
const PROMETHEUS_PORT = 26090;
const PROMETHEUS = `http://127.0.0.1:${PROMETHEUS_PORT}`;
const ROOT = join(__dirname, '..', '..', '..');
const RULES_DIR = join(ROOT, 'deploy', 'prometheus', 'rules');
const DASHBOARDS_DIR = join(ROOT, 'deploy', 'grafana', 'dashboards');
jest.setTimeout(120_000);

interface Panel {
  title?: string;
  type?: string;
  targets?: Array<{ expr?: string }>;
  panels?: Panel[];
}

interface QueryResult {
  status: string;
  error?: string;
  data?: { result: unknown[] };
}

async function query(expr: string): Promise<QueryResult> {
  const response = await fetch(`${PROMETHEUS}/api/v1/query?query=${encodeURIComponent(expr)}`);
  return (await response.json()) as QueryResult;
}

/** Grafana's variables as the dashboards use them: every service, a window Prometheus can rate over. */
function substitute(expr: string): string {
  return expr.replaceAll('$__rate_interval', '1m').replaceAll('$job', '.+');
}

/** `<signal> <op> <number>` -> `<signal>`: what an alert looks at, with or without breaching. */
function signalOf(expr: string): string {
  return expr.replace(/\s*(>|<|>=|<=|==|!=)\s*-?[\d.]+\s*$/, '');
}

function panelsOf(panels: Panel[]): Panel[] {
  return panels.flatMap((panel) => [panel, ...panelsOf(panel.panels ?? [])]);
}

describe('dashboards and alert rules against a Prometheus scraping the platform', () => {
  const keycloak = new KeycloakAdmin();
  let platform: RunningPlatform;
  let prometheus: ChildProcess | undefined;
  let prometheusLog = '';
  let workDir: string;
  let socket: Socket | undefined;
  let search: ServiceProcess | undefined;
  // Search indexes into indices and a consumer group of this run's own, from the topics' ends.
  const run = randomUUID().slice(0, 8);
  const searchPrefix = `obs-${run}`;

  beforeAll(async () => {
    platform = await startPlatform(['users', 'channels', 'messaging', 'presence', 'files'], {
      base: BASE,
      wsGateways: 1,
      metricsOnOffset: true,
      env: { SCAN_POLL_MS: '200' },
      // Eight processes starting at once on a busy machine.
      readyTimeoutMs: 240_000,
    });
    const channelsUrl = platform.services.find((service) => service.app === 'channels')?.url;
    await seekGroupToEnd(`colink-obs-search-${run}`);
    // On the port the gateway routes /api/v1/search to (base + 6).
    search = new ServiceProcess('search', BASE + 6, {
      INTERNAL_AUTH_SECRET: platform.secret,
      CHANNELS_URL: channelsUrl,
      SERVICE_NAME: `obs-search-${run}`,
      SEARCH_INDEX_PREFIX: searchPrefix,
      SEARCH_BULK_INTERVAL_MS: '200',
      METRICS_PORT: String(BASE + 6 + METRICS_PORT_OFFSET),
    });
    search.start();
    await search.ready(240_000);
    const jobs: Record<string, string> = {
      gateway: platform.gatewayUrl,
      'ws-gateway': platform.wsGatewayUrls[0],
      search: search.url,
    };
    for (const service of platform.services) if (service.app !== 'gateway') jobs[service.app] ??= service.url;

    workDir = mkdtempSync(join(tmpdir(), 'colink-prometheus-'));
    const config = {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [join(RULES_DIR, '*.yml')],
      scrape_configs: Object.entries(jobs).map(([job, url]) => ({
        job_name: job,
        // Each service serves /metrics on its own port: the HTTP port + METRICS_PORT_OFFSET.
        static_configs: [{ targets: [`127.0.0.1:${Number(new URL(url).port) + METRICS_PORT_OFFSET}`] }],
      })),
    };
    // JSON is YAML: Prometheus reads it as its configuration file.
    writeFileSync(join(workDir, 'prometheus.yml'), JSON.stringify(config));
    const binary = execFileSync('bash', ['-c', 'command -v prometheus || true']).toString().trim();
    if (!binary) throw new Error('prometheus is not installed: `tools/colink stack up` installs it');
    prometheus = spawn(
      binary,
      [
        `--config.file=${join(workDir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(workDir, 'data')}`,
        `--web.listen-address=127.0.0.1:${PROMETHEUS_PORT}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout?.on('data', (c) => (prometheusLog += c.toString()));
    prometheus.stderr?.on('data', (c) => (prometheusLog += c.toString()));
    await waitFor(
      'prometheus to be ready',
      async () => {
        if (prometheus?.exitCode !== null) throw new Error(`prometheus exited: ${prometheusLog.slice(-800)}`);
        return (await fetch(`${PROMETHEUS}/-/ready`).catch(() => undefined))?.status === 200;
      },
      30_000,
      250,
    );

    // A little load: two people, a channel, a socket, messages, reads, a refused and a missing request,
    // a file uploaded and scanned, a search.
    const [a, b] = await Promise.all([keycloak.createUser(), keycloak.createUser()]);
    const alice = new GatewayClient(platform.gatewayUrl, await keycloak.passwordToken(a));
    const bob = new GatewayClient(platform.gatewayUrl, await keycloak.passwordToken(b));
    expect((await bob.get('/api/v1/channels')).status).toBe(200);
    const channel = await alice.post<{ id: string }>('/api/v1/channels', {
      name: `obs-${randomUUID().slice(0, 8)}`,
      is_private: false,
    });
    expect(channel.status).toBe(201);
    expect((await bob.post(`/api/v1/channels/${channel.body.id}/join`)).status).toBe(200);
    socket = await connectSocket(platform.gatewayUrl, await keycloak.passwordToken(b));
    const heard: unknown[] = [];
    socket.on('message.created', (envelope) => heard.push(envelope));
    for (let i = 0; i < 10; i++) {
      const posted = await alice.post(`/api/v1/channels/${channel.body.id}/messages`, {
        content: `load ${i}`,
      });
      expect(posted.status).toBe(201);
    }
    expect((await alice.get(`/api/v1/channels/${channel.body.id}/messages`)).status).toBe(200);
    expect((await alice.post(`/api/v1/channels/${channel.body.id}/messages`, { content: '' })).status).toBe(
      400,
    );
    expect((await alice.get(`/api/v1/channels/${randomUUID()}`)).status).toBe(404);
    await waitFor('bob to hear the ten messages', async () => heard.length >= 10, 20_000, 100);

    const bytes = Buffer.from('a small text attachment\n');
    const upload = await alice.post<{ file_id: string; upload_url: string; headers: Record<string, string> }>(
      '/api/v1/files/upload-url',
      {
        channel_id: channel.body.id,
        filename: 'notes.txt',
        content_type: 'text/plain',
        size_bytes: bytes.length,
      },
    );
    expect(upload.status).toBe(201);
    const put = await fetch(upload.body.upload_url, {
      method: 'PUT',
      headers: upload.body.headers,
      body: bytes,
    });
    expect(put.status).toBe(200);
    expect((await alice.post(`/api/v1/files/${upload.body.file_id}/confirm`)).status).toBe(200);
    await explainedBy(
      platform.services.filter((service) => service.app === 'files'),
      () =>
        waitFor(
          'the file to be scanned',
          async () => {
            const file = await alice.get<{ scan_status: string }>(`/api/v1/files/${upload.body.file_id}`);
            return file.status === 200 && file.body.scan_status !== 'pending';
          },
          60_000,
          200,
        ),
    );
    await waitFor(
      'search to find the messages',
      async () => {
        const found = await bob.get<{ items: unknown[] }>(
          `/api/v1/search/messages?q=load&channel_id=${channel.body.id}`,
        );
        return found.status === 200 && found.body.items.length >= 10;
      },
      60_000,
      500,
    );

    // Scraped after the load, twice at least, so rates have two points past it.
    await waitFor(
      'prometheus to see the load',
      async () => {
        const seen = await query(
          'sum(colink_ws_sockets) > 0 and on() sum(http_request_duration_seconds_count{job="messaging",method="POST"}) >= 11' +
            ' and on() sum(colink_files_scanned_total) > 0 and on() sum(colink_search_index_lag_seconds_count) >= 10' +
            ' and on() max(colink_active_users{window="day"}) >= 2',
        );
        return (seen.data?.result.length ?? 0) > 0;
      },
      30_000,
      500,
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }, 600_000);

  afterAll(async () => {
    socket?.close();
    if (prometheus && prometheus.exitCode === null) {
      prometheus.kill('SIGTERM');
      await new Promise((resolve) => prometheus?.once('exit', resolve));
    }
    await Promise.all([platform?.stop(), search?.stop()]);
    await fetch(`${stackEnv.opensearchUrl}/${searchPrefix}-*`, { method: 'DELETE' }).catch(() => undefined);
    for (const kind of ['messages', 'files', 'channels', 'members', 'users'])
      await fetch(`${stackEnv.opensearchUrl}/_index_template/${searchPrefix}-${kind}`, {
        method: 'DELETE',
      }).catch(() => undefined);
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('loads every rule file, and every rule evaluates without error', async () => {
    const expected = readdirSync(RULES_DIR)
      .filter((f) => f.endsWith('.yml'))
      .flatMap(
        (f) => readFileSync(join(RULES_DIR, f), 'utf8').match(/^\s+- (alert|record): .+$/gm) ?? [],
      ).length;
    let rules: Array<{ name: string; health: string; lastError?: string }> = [];
    await waitFor(
      'every rule to be evaluated',
      async () => {
        const body = (await (await fetch(`${PROMETHEUS}/api/v1/rules`)).json()) as {
          data: { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> };
        };
        rules = body.data.groups.flatMap((g) => g.rules);
        return rules.length === expected && rules.every((r) => r.health !== 'unknown');
      },
      20_000,
      500,
    );
    expect(rules.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.lastError}`)).toEqual([]);
    expect(rules.length).toBeGreaterThanOrEqual(8);
  });

  it('every alert rule parses and its signal returns series', async () => {
    const body = (await (await fetch(`${PROMETHEUS}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ rules: Array<{ name: string; query: string; type: string }> }> };
    };
    const problems: string[] = [];
    const rules = body.data.groups.flatMap((g) => g.rules);
    for (const rule of rules) {
      const whole = await query(rule.query);
      if (whole.status !== 'success') problems.push(`${rule.name}: ${whole.error}`);
      const signal = await query(signalOf(rule.query));
      if (signal.status !== 'success' || (signal.data?.result.length ?? 0) === 0)
        problems.push(`${rule.name}: no series for ${signalOf(rule.query)}`);
    }
    expect(problems).toEqual([]);
  });

  it("every dashboard panel's query parses and returns series", async () => {
    const problems: string[] = [];
    let count = 0;
    for (const file of readdirSync(DASHBOARDS_DIR).filter((f) => f.endsWith('.json'))) {
      const dashboard = JSON.parse(readFileSync(join(DASHBOARDS_DIR, file), 'utf8')) as { panels: Panel[] };
      for (const panel of panelsOf(dashboard.panels)) {
        for (const target of panel.targets ?? []) {
          if (!target.expr) continue;
          count++;
          const result = await query(substitute(target.expr));
          if (result.status !== 'success') problems.push(`${file} "${panel.title}": ${result.error}`);
          else if ((result.data?.result.length ?? 0) === 0)
            problems.push(`${file} "${panel.title}": no series for ${substitute(target.expr)}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(count).toBeGreaterThan(20);
  });
});
