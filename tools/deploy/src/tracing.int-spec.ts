import {
  GatewayClient,
  KeycloakAdmin,
  ServiceProcess,
  connectSocket,
  seekGroupToEnd,
  stackEnv,
  waitFor,
} from '@colink/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';

/**
 * One send is one trace, from the gateway to the socket: the services export their spans over
 * OTLP/HTTP to a receiver this test runs on loopback (what an OpenTelemetry Collector would be),
 * and the spans of one POST must share the caller's trace id and chain parent to child across the
 * processes: gateway -> messaging -> outbox relay -> Kafka -> ws-gateway consumer -> socket emit.
 */
const BASE = 26100;
const OTLP_PORT = 26318;
// Messaging runs on a schema and a consumer group of this run's own: its outbox relay (one per schema)
// is then this traced process, not another messaging process sharing the database.
const RUN = randomUUID().slice(0, 8);
const MESSAGING_SCHEMA = `trace_${RUN}`;
const MESSAGING_NAME = `trace-messaging-${RUN}`;
jest.setTimeout(120_000);

interface OtlpSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
}

interface OtlpExport {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans?: Array<{
      spans?: Array<{ traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number }>;
    }>;
  }>;
}

const SpanKinds = { server: 2, producer: 4, consumer: 5 } as const;

/** A minimal OTLP/HTTP JSON trace receiver: keeps every span it is sent. */
function startReceiver(port: number): Promise<{ server: Server; spans: OtlpSpan[]; bodies: number }> {
  const state = { spans: [] as OtlpSpan[], bodies: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        state.bodies += 1;
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
        for (const rs of body.resourceSpans ?? []) {
          const service =
            rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
          for (const ss of rs.scopeSpans ?? [])
            for (const s of ss.spans ?? []) state.spans.push({ service, ...s });
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else res.writeHead(404).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () =>
      resolve({
        server,
        get spans() {
          return state.spans;
        },
        get bodies() {
          return state.bodies;
        },
      }),
    ),
  );
}

describe('OpenTelemetry: one send is one trace from the gateway to the socket', () => {
  const keycloak = new KeycloakAdmin();
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let services: ServiceProcess[] = [];
  let gatewayUrl: string;
  let socket: Socket | undefined;

  /**
   * The platform with OTLP export on: users, channels, messaging, one ws-gateway and the gateway,
   * started one after the other (each loads the OpenTelemetry SDK) with a generous readiness wait.
   */
  beforeAll(async () => {
    receiver = await startReceiver(OTLP_PORT);
    expect((receiver.server.address() as AddressInfo).port).toBe(OTLP_PORT);
    const common = {
      INTERNAL_AUTH_SECRET: `trace-${randomUUID()}`,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${OTLP_PORT}`,
    };
    const url = (offset: number) => `http://127.0.0.1:${BASE + offset}`;
    const peers = { USERS_URL: url(1), CHANNELS_URL: url(2), MESSAGING_URL: url(3), PRESENCE_URL: url(4) };
    // Both consumers on the message's path start at the topics' end: a group left behind by earlier
    // runs on a long-lived stack would otherwise work through everything published since (benches).
    await seekGroupToEnd(`colink-${MESSAGING_NAME}`);
    await seekGroupToEnd(`colink-ws-gateway-trace-${BASE}`);
    services = [
      new ServiceProcess('users', BASE + 1, { ...common, ...peers }),
      new ServiceProcess('channels', BASE + 2, { ...common, ...peers }),
      new ServiceProcess('messaging', BASE + 3, {
        ...common,
        ...peers,
        DATABASE_SCHEMA: MESSAGING_SCHEMA,
        SERVICE_NAME: MESSAGING_NAME,
      }),
      new ServiceProcess('ws-gateway', BASE + 81, { ...common, ...peers, INSTANCE_ID: `trace-${BASE}` }),
      new ServiceProcess('gateway', BASE + 80, { ...common, ...peers, WS_GATEWAY_URL: url(81) }),
    ];
    for (const service of services) {
      service.start();
      await service.ready(180_000);
    }
    gatewayUrl = url(80);
  }, 900_000);

  afterAll(async () => {
    socket?.close();
    await Promise.all(services.map((service) => service.stop()));
    await new Promise((resolve) => receiver?.server.close(resolve));
    const db = new Client({ connectionString: stackEnv.databaseUrl });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS "${MESSAGING_SCHEMA}" CASCADE`);
    await db.end();
  });

  it('carries the caller trace id through HTTP, the outbox, Kafka and into the socket emit, parent to child', async () => {
    const [a, b] = await Promise.all([keycloak.createUser(), keycloak.createUser()]);
    const alice = new GatewayClient(gatewayUrl, await keycloak.passwordToken(a));
    const bob = new GatewayClient(gatewayUrl, await keycloak.passwordToken(b));
    expect((await bob.get('/api/v1/channels')).status).toBe(200);
    const channel = await alice.post<{ id: string }>('/api/v1/channels', {
      name: `trace-${randomUUID().slice(0, 8)}`,
      is_private: false,
    });
    expect(channel.status).toBe(201);
    expect((await bob.post(`/api/v1/channels/${channel.body.id}/join`)).status).toBe(200);
    socket = await connectSocket(gatewayUrl, await keycloak.passwordToken(b));
    const heard: Array<{ type: string; trace_id?: string; data: { id: string } }> = [];
    socket.on('message.created', (envelope: { type: string; trace_id?: string; data: { id: string } }) =>
      heard.push(envelope),
    );

    // The caller's trace: a browser or an upstream proxy sending W3C traceparent.
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const posted = await alice.post<{ id: string }>(
      `/api/v1/channels/${channel.body.id}/messages`,
      { content: 'traced hello' },
      { traceparent: `00-${traceId}-${callerSpanId}-01` },
    );
    expect(posted.status).toBe(201);
    await waitFor('bob to hear the message on his socket', async () =>
      heard.some((e) => e.data.id === posted.body.id),
    );
    // The frame itself names the trace.
    expect(heard.find((e) => e.data.id === posted.body.id)?.trace_id).toBe(traceId);

    const find = (service: string, kind: number | undefined, name: RegExp) =>
      receiver.spans.find(
        (s) =>
          s.traceId === traceId &&
          s.service === service &&
          (kind === undefined || s.kind === kind) &&
          name.test(s.name),
      );
    let chain: Array<OtlpSpan | undefined> = [];
    const summary = () =>
      receiver.spans
        .filter((s) => s.traceId === traceId)
        .map((s) => `${s.service} ${s.kind} ${s.name} ${s.spanId}<-${s.parentSpanId ?? ''}`)
        .join('\n');
    await waitFor(
      'the spans of every hop at the receiver',
      async () => {
        chain = [
          find('colink-gateway', SpanKinds.server, /^POST /),
          find('colink-messaging', SpanKinds.server, /^POST \/api\/v1\/channels\/:id\/messages$/),
          find('colink-messaging', SpanKinds.producer, /^message\.created publish$/),
          find('colink-ws-gateway', SpanKinds.consumer, /^message\.created process$/),
          find('colink-ws-gateway', undefined, /^socket\.io emit message\.created$/),
        ];
        return chain.every(Boolean);
      },
      20_000,
      250,
    ).catch((error: Error) => {
      throw new Error(
        `${error.message}\nspans of the trace (${receiver.spans.length} received in all):\n${summary()}`,
      );
    });
    const [gateway, messaging, publish, consume, emit] = chain as OtlpSpan[];
    expect(gateway.parentSpanId).toBe(callerSpanId);
    expect(messaging.parentSpanId).toBe(gateway.spanId);
    expect(publish.parentSpanId).toBe(messaging.spanId);
    expect(consume.parentSpanId).toBe(publish.spanId);
    expect(emit.parentSpanId).toBe(consume.spanId);
  });
});
