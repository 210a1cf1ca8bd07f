import { Topic, Topics, buildEnvelope, keyOf, PayloadOf } from '@colink/contracts';
import { IDENTITY_HEADER, signIdentity } from '@colink/platform';
import { ServiceProcess, seekGroupToEnd, stackEnv, waitFor } from '@colink/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** Test-only: runs the built channels and messaging services against the real stack, each in its own schema and consumer group. */

const SECRET = `int-test-${randomUUID()}`;

export interface TestUser {
  sub: string;
  username: string;
  roles: string[];
}

export function makeUser(name: string, roles: string[] = []): TestUser {
  return { sub: randomUUID(), username: `${name}${randomUUID().slice(0, 6)}`, roles: ['member', ...roles] };
}

export function kafka(): Kafka {
  return new Kafka({
    clientId: 'messaging-int-test',
    brokers: stackEnv.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
}

export async function publish<T extends Topic>(topic: T, data: PayloadOf<T>): Promise<void> {
  const producer = kafka().producer();
  await producer.connect();
  try {
    const envelope = buildEnvelope(topic, data, { actorId: null });
    await producer.send({ topic, messages: [{ key: keyOf(topic, data), value: JSON.stringify(envelope) }] });
  } finally {
    await producer.disconnect();
  }
}

export async function announceUser(user: TestUser): Promise<void> {
  await publish(Topics.UserCreated, {
    id: user.sub,
    username: user.username,
    email: null,
    display_name: user.username,
    roles: user.roles,
    status_text: null,
    status_emoji: null,
    status_expiry: null,
    created_at: new Date().toISOString(),
  });
}

/** A built service in its own schema and consumer group, run by the harness' one `ServiceProcess`. */
export class BuiltService {
  private readonly process: ServiceProcess;
  readonly schema: string;
  readonly name: string;

  constructor(
    readonly app: 'channels' | 'messaging',
    readonly port: number,
    run: string,
    /** Extra environment, e.g. a fixed METRICS_PORT (0, any free port, otherwise). */
    env: Record<string, string> = {},
  ) {
    this.schema = `${app}_it_${run}`;
    this.name = `${app}-it-${run}`;
    this.process = new ServiceProcess(app, port, {
      INTERNAL_AUTH_SECRET: SECRET,
      DATABASE_URL: stackEnv.databaseUrl,
      KAFKA_BROKERS: stackEnv.kafkaBrokers.join(','),
      DATABASE_SCHEMA: this.schema,
      SERVICE_NAME: this.name,
      ...env,
    });
  }

  get url(): string {
    return this.process.url;
  }

  get output(): string {
    return this.process.output;
  }

  async start(): Promise<void> {
    await seekGroupToEnd(`colink-${this.name}`);
    this.process.start();
    await this.process.ready(60_000);
  }

  stop(): Promise<void> {
    return this.process.stop();
  }

  /**
   * Waits until the service's membership projection holds these members. A test-only peek into the
   * schema: the public API cannot tell a member of a public channel from a reader without writing.
   */
  async waitForMembers(channelId: string, userIds: string[]): Promise<void> {
    const client = new Client({ connectionString: stackEnv.databaseUrl });
    await client.connect();
    try {
      await waitFor(
        'the membership projection',
        async () => {
          const { rows } = await client.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM "${this.schema}".members WHERE channel_id = $1 AND user_id = ANY ($2::uuid[])`,
            [channelId, userIds],
          );
          return rows[0].n === userIds.length;
        },
        10_000,
        20,
      );
    } finally {
      await client.end();
    }
  }

  async dropSchema(): Promise<void> {
    const client = new Client({ connectionString: stackEnv.databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    await client.end();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test JSON
export interface Reply<T = any> {
  status: number;
  body: T;
  type: string | null;
}

/** Calls a service the way the gateway does: the caller's identity in the signed header. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test JSON
export async function call<T = any>(
  base: string,
  user: TestUser | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (user)
    headers[IDENTITY_HEADER] = signIdentity(
      { sub: user.sub, username: user.username, email: null, name: user.username, roles: user.roles },
      SECRET,
    );
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T, type: response.headers.get('content-type') };
}
