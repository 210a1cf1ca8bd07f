import { SERVICES, ServiceName } from '@colink/contracts';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { stackEnv } from '../stack-env';
import { ServiceProcess } from './service-process';

export interface RunningPlatform {
  gatewayUrl: string;
  /** The ws-gateway instances asked for with `wsGateways`, in order (ports `base+81…`). */
  wsGatewayUrls: string[];
  services: ServiceProcess[];
  secret: string;
  stop(): Promise<void>;
}

/** A service's port under `base`: the last two digits of its port in the service table (users 3001 -> base+1, gateway 8080 -> base+80). */
function offset(app: ServiceName): number {
  return SERVICES[app].port % 100;
}
const BEHIND_GATEWAY = (Object.keys(SERVICES) as ServiceName[]).filter(
  (app) => app !== 'gateway' && app !== 'ws-gateway',
);

/**
 * Refuses a port something else already listens on: a process left from an earlier run would
 * otherwise answer in place of the one started now (with another secret, so every call fails late).
 */
function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () =>
      reject(new Error(`port ${port} is already in use: a process from an earlier run still listens there`)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/**
 * Runs the gateway and the given services as their own processes on ports `base+1…`, wired to each
 * other and to the real stack, the way `tools/colink up` runs them. For black-box tests.
 */
export async function startPlatform(
  apps: string[],
  options: {
    base?: number;
    gatewayEnv?: NodeJS.ProcessEnv;
    env?: NodeJS.ProcessEnv;
    /** Also run this many ws-gateway instances, wired to channels, messaging and presence; the gateway proxies to the first. */
    wsGateways?: number;
    wsGatewayEnv?: NodeJS.ProcessEnv;
    /** How long each process may take to answer /ready (a loaded machine may need more). */
    readyTimeoutMs?: number;
    /**
     * Serve each process's /metrics on its port + 1000 (the platform's METRICS_PORT_OFFSET, as in
     * production) instead of any free port, for tests that point a Prometheus at them.
     */
    metricsOnOffset?: boolean;
  } = {},
): Promise<RunningPlatform> {
  const base = options.base ?? 15000;
  const secret = `e2e-${randomUUID()}`;
  const urls: NodeJS.ProcessEnv = {};
  for (const app of BEHIND_GATEWAY)
    urls[`${app.toUpperCase().replace('-', '_')}_URL`] = `http://127.0.0.1:${base + offset(app)}`;
  // files takes its scan work from its database's files collection, shared by every files process on
  // it: on the shared one, a run's file could be claimed by another run's files process, which may
  // hold clamd back on purpose or stop mid-scan and keep the file leased (pending) for minutes. Each
  // run gets a database of its own, dropped when it stops.
  const filesDatabase = apps.includes('files') ? `colink_files_test_${randomUUID().slice(0, 8)}` : undefined;
  const filesEnv: NodeJS.ProcessEnv = filesDatabase
    ? { MONGODB_URL: mongoUrlWithDatabase(stackEnv.mongodbUrl, filesDatabase) }
    : {};
  const services = apps.map((app) => {
    if (!(BEHIND_GATEWAY as string[]).includes(app)) throw new Error(`startPlatform: unknown service ${app}`);
    return new ServiceProcess(app, base + offset(app as ServiceName), {
      INTERNAL_AUTH_SECRET: secret,
      ...urls,
      ...(app === 'files' ? filesEnv : {}),
      ...options.env,
    });
  });
  const wsGateways = Array.from(
    { length: options.wsGateways ?? 0 },
    (_, index) =>
      new ServiceProcess('ws-gateway', base + offset('ws-gateway') + index, {
        INTERNAL_AUTH_SECRET: secret,
        CHANNELS_URL: urls.CHANNELS_URL,
        MESSAGING_URL: urls.MESSAGING_URL,
        PRESENCE_URL: urls.PRESENCE_URL,
        INSTANCE_ID: `test-${base}-${index}-${randomUUID().slice(0, 8)}`,
        ...options.env,
        ...options.wsGatewayEnv,
      }),
  );
  if (wsGateways.length > 0) urls.WS_GATEWAY_URL = wsGateways[0].url;
  const gateway = new ServiceProcess('gateway', base + offset('gateway'), {
    INTERNAL_AUTH_SECRET: secret,
    ...urls,
    ...options.gatewayEnv,
  });
  const all = [...services, ...wsGateways, gateway];
  const dropFilesDatabase = async () => {
    if (!filesEnv.MONGODB_URL || options.env?.MONGODB_URL) return; // none, or the caller chose its own
    const client = new MongoClient(filesEnv.MONGODB_URL, { serverSelectionTimeoutMS: 5_000 });
    try {
      await client.db().dropDatabase();
    } finally {
      await client.close();
    }
  };
  if (options.metricsOnOffset)
    for (const service of all) service.setEnv({ METRICS_PORT: String(service.port + 1000) });
  await Promise.all(all.map((service) => assertPortFree(service.port)));
  for (const service of all) service.start();
  try {
    await Promise.all(all.map((service) => service.ready(options.readyTimeoutMs ?? 90_000)));
  } catch (error) {
    await Promise.all(all.map((service) => service.stop()));
    await dropFilesDatabase().catch(() => undefined);
    throw error;
  }
  return {
    gatewayUrl: gateway.url,
    wsGatewayUrls: wsGateways.map((ws) => ws.url),
    services: all,
    secret,
    stop: async () => {
      await Promise.all(all.map((service) => service.stop()));
      await dropFilesDatabase();
    },
  };
}

/** The MongoDB connection string with another database in its path (hosts, options and credentials kept). */
export function mongoUrlWithDatabase(url: string, database: string): string {
  return url.replace(/^(mongodb(\+srv)?:\/\/[^/?]+)\/?[^?]*/, `$1/${database}`);
}
