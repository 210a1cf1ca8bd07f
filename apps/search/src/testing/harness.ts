import { PayloadOf, Topic, buildEnvelope, keyOf } from '@colink/contracts';
import { IDENTITY_HEADER, signIdentity } from '@colink/platform';
import { ServiceProcess, seekGroupToEnd, stackEnv } from '@colink/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Client } from 'pg';

/** Test-only: channels, messaging and search run as built processes against the real stack. */

export const SECRET = `search-it-${randomUUID()}`;

export interface TestUser {
  sub: string;
  username: string;
  roles: string[];
}

export function makeUser(name: string): TestUser {
  return { sub: randomUUID(), username: `${name}${randomUUID().slice(0, 6)}`, roles: ['member'] };
}

export function kafka(): Kafka {
  return new Kafka({
    clientId: 'search-int-test',
    brokers: stackEnv.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
}

/** Publishes events as their owning service would (used for users and files, whose services are not run here). */
export async function publish<T extends Topic>(
  topic: T,
  items: PayloadOf<T>[],
  occurredAt?: Date,
): Promise<void> {
  const producer = kafka().producer();
  await producer.connect();
  try {
    await producer.send({
      topic,
      messages: items.map((data) => ({
        key: keyOf(topic, data),
        value: JSON.stringify(buildEnvelope(topic, data, { actorId: null, occurredAt })),
      })),
    });
  } finally {
    await producer.disconnect();
  }
}

/** Sends raw record values again, as a replay would. */
export async function republish(topic: string, records: Array<{ key: string | null; value: string | null }>) {
  const producer = kafka().producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: records.map((r) => ({ key: r.key, value: r.value })) });
  } finally {
    await producer.disconnect();
  }
}

export async function announceUsers(users: TestUser[]): Promise<void> {
  await publish(
    'user.created',
    users.map((user) => ({
      id: user.sub,
      username: user.username,
      email: null,
      display_name: user.username,
      roles: user.roles,
      status_text: null,
      status_emoji: null,
      status_expiry: null,
      created_at: new Date().toISOString(),
    })),
  );
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A service process in a schema and consumer group of its own, starting at the topics' end. */
export async function startService(
  app: 'channels' | 'messaging' | 'search',
  port: number,
  name: string,
  env: NodeJS.ProcessEnv = {},
  /** false: a restart that goes on from the group's committed offsets. */
  fromEnd = true,
): Promise<ServiceProcess> {
  // A process left over from an interrupted run would answer /ready in this one's place.
  if (await portAnswers(port)) throw new Error(`port ${port} is in use: stop the process holding it first`);
  if (fromEnd) await seekGroupToEnd(`colink-${name}`);
  const service = new ServiceProcess(app, port, {
    INTERNAL_AUTH_SECRET: SECRET,
    DATABASE_URL: stackEnv.databaseUrl,
    KAFKA_BROKERS: stackEnv.kafkaBrokers.join(','),
    OPENSEARCH_URL: stackEnv.opensearchUrl,
    DATABASE_SCHEMA: name.replace(/-/g, '_'),
    SERVICE_NAME: name,
    ...env,
  });
  service.start();
  try {
    await service.ready(120_000);
  } catch (error) {
    // Never leave a process behind: the next run would meet it on this port.
    await service.stop();
    throw error;
  }
  return service;
}

/** Waits for every start; if one fails, stops the others, so no process outlives the run. */
export async function startAll(starts: Array<Promise<ServiceProcess>>): Promise<ServiceProcess[]> {
  const results = await Promise.allSettled(starts);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(
      results.map((result) => (result.status === 'fulfilled' ? result.value.stop() : undefined)),
    );
    throw failure.reason;
  }
  return results.map((result) => (result as PromiseFulfilledResult<ServiceProcess>).value);
}

export async function dropSchemas(names: string[]): Promise<void> {
  const client = new Client({ connectionString: stackEnv.databaseUrl });
  await client.connect();
  for (const name of names) await client.query(`DROP SCHEMA IF EXISTS "${name.replace(/-/g, '_')}" CASCADE`);
  await client.end();
}

/** Deletes a test run's indices and templates. */
export async function dropIndices(prefix: string): Promise<void> {
  await fetch(`${stackEnv.opensearchUrl}/${prefix}-*`, { method: 'DELETE' });
  for (const kind of ['messages', 'files', 'channels', 'members', 'users'])
    await fetch(`${stackEnv.opensearchUrl}/_index_template/${prefix}-${kind}`, { method: 'DELETE' });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test JSON
export interface Reply<T = any> {
  status: number;
  body: T;
  type: string | null;
  headers: Headers;
}

/** Calls a service as the gateway does: the caller's identity in the signed header. */
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
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return {
    status: response.status,
    body: parsed as T,
    type: response.headers.get('content-type'),
    headers: response.headers,
  };
}
