/** Where one service listens: its API (and health) port and the port Prometheus scrapes. */
export interface ServicePorts {
  port: number;
  /** `GET /metrics`, apart from the API: the API port + 1000. */
  metricsPort: number;
}

/**
 * Every CoLink service and its ports, in start order (the gateway last). The one table behind the
 * services' default `PORT` and peer URLs, `tools/colink`, Prometheus' scrape jobs, docker-compose and
 * the test harness' port offsets: deploy/topology.env and deploy/prometheus/prometheus.yml are
 * generated from it (`node tools/topology/write.mjs`), and compose is checked against it.
 */
export const SERVICES = {
  users: { port: 3001, metricsPort: 4001 },
  channels: { port: 3002, metricsPort: 4002 },
  messaging: { port: 3003, metricsPort: 4003 },
  presence: { port: 3004, metricsPort: 4004 },
  files: { port: 3005, metricsPort: 4005 },
  search: { port: 3006, metricsPort: 4006 },
  admin: { port: 3007, metricsPort: 4007 },
  'bi-exporter': { port: 3008, metricsPort: 4008 },
  'ws-gateway': { port: 8081, metricsPort: 9081 },
  gateway: { port: 8080, metricsPort: 9080 },
} as const satisfies Record<string, ServicePorts>;

export type ServiceName = keyof typeof SERVICES;

/** The default address of a service, as its peers reach it on one machine. */
export function serviceUrl(name: ServiceName, host = '127.0.0.1'): string {
  return `http://${host}:${SERVICES[name].port}`;
}
