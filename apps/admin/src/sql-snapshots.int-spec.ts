import { Db, openDataSource } from '@colink/platform';
import { SqlSnapshot, stackEnv } from '@colink/testing';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AuditRepository } from './audit/audit.repository';
import { RolesRepository } from './identity/roles.repository';
import { SignInEventsRepository } from './identity/sign-in-events.repository';
import { UserStatusRepository } from './identity/user-status.repository';
import { MIGRATIONS } from './migrations';
import { ModerationRepository } from './moderation/moderation.repository';

describe('the SQL the admin repositories issue (audit, moderation, sign-in events, user status)', () => {
  let snapshot: SqlSnapshot<Db>;

  beforeAll(async () => {
    snapshot = await SqlSnapshot.open(
      'admin',
      async (schema) =>
        new Db(await openDataSource({ url: stackEnv.databaseUrl, schema, migrations: MIGRATIONS })),
    );
  });

  afterAll(() => snapshot?.close());

  it('matches the committed snapshots, every method run against PostgreSQL', async () => {
    const db = snapshot.db;
    const audit = snapshot.track(new AuditRepository(db), join(__dirname, 'audit/audit.repository.ts'));
    const moderation = snapshot.track(
      new ModerationRepository(db),
      join(__dirname, 'moderation/moderation.repository.ts'),
    );
    const signIns = snapshot.track(
      new SignInEventsRepository(db),
      join(__dirname, 'identity/sign-in-events.repository.ts'),
    );
    const status = snapshot.track(
      new UserStatusRepository(db),
      join(__dirname, 'identity/user-status.repository.ts'),
    );
    // Role changes live in Keycloak: this repository only opens the transaction of their audit event.
    const roles = snapshot.track(new RolesRepository(db), join(__dirname, 'identity/roles.repository.ts'));
    const moderator = randomUUID();
    const target = randomUUID();

    const entry = {
      id: randomUUID(),
      occurred_at: new Date(),
      actor_id: moderator,
      action: 'moderation.ban',
      resource_type: 'user',
      resource_id: target,
      request_id: null,
      trace_id: null,
      details: { reason: 'spam' },
    };
    await roles.transaction(async (tx) => {
      expect(await audit.append(tx, entry)).toBe(true);
      expect(await audit.append(tx, entry)).toBe(false);
    });
    const filter = {
      actorId: moderator,
      action: 'moderation.ban',
      resourceType: 'user',
      from: '2000-01-01T00:00:00Z',
      to: '2100-01-01T00:00:00Z',
      beforeSeq: 10,
    };
    expect((await audit.list(filter, 10)).map((row) => row.id)).toEqual([entry.id]);
    expect(await audit.list({}, 10)).toHaveLength(1);
    expect(await audit.chainAfter(0, 10)).toHaveLength(1);

    const banId = randomUUID();
    const past = new Date(Date.now() - 60_000);
    await moderation.transaction((tx) =>
      moderation.insert(tx, {
        id: banId,
        action: 'ban',
        target_user_id: target,
        channel_id: null,
        moderator_id: moderator,
        reason: 'spam',
        duration_s: 1,
        expires_at: past,
        created_at: past,
      }),
    );
    expect((await moderation.dueBans(new Date(), 10)).map((row) => row.id)).toEqual([banId]);
    expect(await moderation.transaction((tx) => moderation.markLifted(tx, banId, new Date()))).toBe(true);
    expect(await moderation.list({}, 10)).toHaveLength(1);
    const before = { created_at: new Date().toISOString(), id: randomUUID() };
    expect(await moderation.list({ targetUserId: target, before }, 10)).toHaveLength(1);
    expect((await status.latestRestrictions([target])).map((row) => row.action)).toEqual(['ban']);

    const time = new Date();
    expect(await signIns.transaction((tx) => signIns.markSeen(tx, randomUUID(), time))).toBe(true);
    expect(await signIns.latest()).toEqual(time);

    snapshot.verify(__dirname);
  });
});
