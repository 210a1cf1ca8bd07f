import {
  AUDIT_CSV_COLUMNS,
  PROBLEM_CONTENT_TYPE,
  Topic,
  Topics,
  buildEnvelope,
  keyOf,
} from '@colink/contracts';
import { PayloadOf } from '@colink/contracts';
import { IDENTITY_HEADER, signIdentity, startEventTransport } from '@colink/platform';
import { seekGroupToEnd, stackEnv, waitFor } from '@colink/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Kafka, Producer, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { AppModule } from '../app.module';
import { loadAdminConfig } from '../config';

const run = randomUUID().slice(0, 8);
const secret = `int-test-${randomUUID()}`;
const config = loadAdminConfig({
  ...process.env,
  INTERNAL_AUTH_SECRET: secret,
  DATABASE_SCHEMA: `admin_it_${run}`,
  SERVICE_NAME: `admin-it-${run}`,
  LOG_LEVEL: 'warn',
});
const schema = config.DATABASE_SCHEMA;

const person = (name: string, roles: string[]) => ({
  sub: randomUUID(),
  username: `${name}${run}`,
  email: null,
  name: null,
  roles: ['member', ...roles],
});
const admin = person('admin', ['admin']);
const moderator = person('moderator', ['moderator']);
const member = person('member', []);

let app: INestApplication;
let producer: Producer;
let sql: Client;

const get = (who: typeof admin, path: string) =>
  request(app.getHttpServer()).get(`/api/v1/admin${path}`).set(IDENTITY_HEADER, signIdentity(who, secret));

/** Produces one event to Kafka as a service would (envelope + trace/request headers). */
async function produce<T extends Topic>(topic: T, data: PayloadOf<T>, requestId: string, id?: string) {
  const envelope = buildEnvelope(topic, data, { actorId: admin.sub, id });
  await producer.send({
    topic,
    acks: -1,
    messages: [
      {
        key: keyOf(topic, envelope.data),
        value: JSON.stringify(envelope),
        headers: { trace_id: envelope.trace_id, request_id: requestId },
      },
    ],
  });
  return envelope;
}

const actorA = randomUUID();
const actorB = randomUUID();
const target = randomUUID();
const auditEvent = (actor: string, action: string, resourceType: string, occurredAt: string) => ({
  id: randomUUID(),
  actor_id: actor,
  action,
  resource_type: resourceType,
  resource_id: randomUUID(),
  details: { z: 1, a: { nested: ['x', 'y'] }, note: 'comma, "quote"\nnewline' },
  occurred_at: occurredAt,
});

function expectProblem(response: request.Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
}

/** Minimal RFC 4180 reader: enough to count records and read fields back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
  }
  return rows;
}

beforeAll(async () => {
  await seekGroupToEnd(`colink-${config.SERVICE_NAME}`);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(config)] }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  await startEventTransport(app);
  const kafka = new Kafka({
    clientId: `admin-it-${run}`,
    brokers: stackEnv.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  producer = kafka.producer();
  await producer.connect();
  sql = new Client({ connectionString: stackEnv.databaseUrl });
  await sql.connect();
}, 90_000);

afterAll(async () => {
  await producer?.disconnect();
  await app?.close();
  await sql?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await sql?.end();
});

describe('audit log', () => {
  const events = [
    auditEvent(actorA, 'user.provisioned', 'user', '2026-01-01T10:00:00.000Z'),
    auditEvent(actorA, 'user.roles_synced', 'user', '2026-01-02T10:00:00.000Z'),
    auditEvent(actorB, 'file.infected', 'file', '2026-01-03T10:00:00.000Z'),
  ];
  const moderationId = randomUUID();
  let firstEnvelopeId = '';

  it('records every audit.recorded and moderation.action produced to Kafka, once per event', async () => {
    const first = await produce(Topics.AuditRecorded, events[0]!, `req-${run}-0`);
    firstEnvelopeId = first.id;
    await produce(Topics.AuditRecorded, events[1]!, `req-${run}-1`);
    await produce(Topics.AuditRecorded, events[2]!, `req-${run}-2`);
    // A redelivery of the first event (same envelope id) adds nothing.
    await produce(Topics.AuditRecorded, events[0]!, `req-${run}-0`, first.id);
    // Two topics are consumed independently: the moderation event goes once the others are in, so
    // the chain's order (arrival order) is the one asserted below.
    await waitFor('three audit entries', async () => {
      const response = await get(admin, '/audit?limit=200');
      return response.body.items.length >= 3 ? true : undefined;
    });
    await produce(
      Topics.ModerationAction,
      {
        id: moderationId,
        action: 'mute',
        target_user_id: target,
        channel_id: null,
        moderator_id: actorB,
        reason: 'spam',
        duration_s: 600,
        expires_at: '2026-01-04T10:10:00.000Z',
        created_at: '2026-01-04T10:00:00.000Z',
      },
      `req-${run}-3`,
    );
    const page = await waitFor('five entries in the log', async () => {
      const response = await get(admin, '/audit?limit=200');
      return response.body.items.length >= 4 ? response.body : undefined;
    });
    expect(page.items.map((e: { action: string }) => e.action)).toEqual([
      'moderation.mute',
      'file.infected',
      'user.roles_synced',
      'user.provisioned',
    ]);
    const provisioned = page.items[3];
    expect(provisioned).toMatchObject({
      id: firstEnvelopeId,
      seq: 1,
      actor_id: actorA,
      resource_type: 'user',
      resource_id: events[0]!.resource_id,
      request_id: `req-${run}-0`,
      occurred_at: '2026-01-01T10:00:00.000Z',
      prev_hash: '0'.repeat(64),
    });
    expect(provisioned.details).toMatchObject({ z: 1, a: { nested: ['x', 'y'] } });
    expect(page.items[2].prev_hash).toBe(provisioned.hash);
    expect(page.items[0]).toMatchObject({
      actor_id: actorB,
      resource_type: 'user',
      resource_id: target,
      details: { moderation_action_id: moderationId, reason: 'spam', duration_s: 600 },
    });
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM "${schema}".audit_entries`);
    expect(rows[0].n).toBe(4);
  });

  it('filters by actor, action, resource type and time, and pages with a cursor', async () => {
    const ids = async (query: string) =>
      (await get(admin, `/audit?${query}`)).body.items.map((e: { action: string }) => e.action);
    expect(await ids(`actor_id=${actorA}`)).toEqual(['user.roles_synced', 'user.provisioned']);
    expect(await ids('action=file.infected')).toEqual(['file.infected']);
    expect(await ids('resource_type=user')).toEqual([
      'moderation.mute',
      'user.roles_synced',
      'user.provisioned',
    ]);
    expect(await ids('from=2026-01-02T00:00:00Z&to=2026-01-03T23:59:59Z')).toEqual([
      'file.infected',
      'user.roles_synced',
    ]);
    const first = await get(admin, '/audit?limit=3');
    expect(first.body.items).toHaveLength(3);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await get(admin, `/audit?limit=3&cursor=${first.body.next_cursor}`);
    expect(second.body.items.map((e: { action: string }) => e.action)).toEqual(['user.provisioned']);
    expect(second.body.next_cursor).toBeNull();
    expectProblem(await get(admin, '/audit?cursor=not-a-cursor'), 400);
    expectProblem(await get(admin, '/audit?actor_id=nope'), 400);
    expectProblem(await get(admin, '/audit?format=xml'), 400);
    expectProblem(await get(admin, '/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z'), 400);
  });

  it('exports the whole filtered range as CSV that parses back', async () => {
    const response = await get(admin, '/audit?format=csv&resource_type=user&limit=1');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const rows = parseCsv(response.text);
    expect(rows[0]).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + 3); // limit is a page size for JSON, not for the export
    const detailsColumn = AUDIT_CSV_COLUMNS.indexOf('details');
    const provisioned = rows.find((r) => r[AUDIT_CSV_COLUMNS.indexOf('action')] === 'user.provisioned')!;
    expect(JSON.parse(provisioned[detailsColumn]!)).toMatchObject({ note: 'comma, "quote"\nnewline' });
  });

  it('refuses UPDATE and DELETE below the API, and verify names the first entry tampered with', async () => {
    expect(await get(admin, '/audit/verify').then((r) => r.body)).toEqual({ ok: true, checked: 4 });
    await expect(
      sql.query(`UPDATE "${schema}".audit_entries SET action = 'x' WHERE seq = 2`),
    ).rejects.toThrow(/append-only/);
    await expect(sql.query(`DELETE FROM "${schema}".audit_entries WHERE seq = 2`)).rejects.toThrow(
      /append-only/,
    );

    const { rows } = await sql.query(`SELECT id, details FROM "${schema}".audit_entries WHERE seq = 2`);
    const tampered = rows[0] as { id: string; details: object };
    await sql.query(`ALTER TABLE "${schema}".audit_entries DISABLE TRIGGER audit_entries_append_only`);
    await sql.query(`UPDATE "${schema}".audit_entries SET details = '{"covered":"up"}' WHERE seq = 2`);
    await sql.query(`ALTER TABLE "${schema}".audit_entries ENABLE TRIGGER audit_entries_append_only`);
    expect((await get(admin, '/audit/verify')).body).toEqual({
      ok: false,
      checked: 1,
      first_broken_id: tampered.id,
    });

    // Put the entry back as it was: the chain is whole again.
    await sql.query(`ALTER TABLE "${schema}".audit_entries DISABLE TRIGGER audit_entries_append_only`);
    await sql.query(`UPDATE "${schema}".audit_entries SET details = $1 WHERE seq = 2`, [
      JSON.stringify(tampered.details),
    ]);
    // Deleting an entry breaks the link of the one after it.
    const third = await sql.query(`SELECT id FROM "${schema}".audit_entries WHERE seq = 3`);
    await sql.query(`DELETE FROM "${schema}".audit_entries WHERE seq = 2`);
    await sql.query(`ALTER TABLE "${schema}".audit_entries ENABLE TRIGGER audit_entries_append_only`);
    expect((await get(admin, '/audit/verify')).body).toEqual({
      ok: false,
      checked: 1,
      first_broken_id: third.rows[0].id,
    });
  });

  it('is for admins only: members and moderators get 403', async () => {
    for (const who of [member, moderator]) {
      expectProblem(await get(who, '/audit'), 403);
      expectProblem(await get(who, '/audit?format=csv'), 403);
      expectProblem(await get(who, '/audit/verify'), 403);
    }
    expect((await get(admin, '/audit/verify')).status).toBe(200);
  });
});
