import { Db, openDataSource } from '@colink/platform';
import { SqlSnapshot, stackEnv } from '@colink/testing';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { MIGRATIONS } from './migrations';
import { UsersRepository } from './users/users.repository';

describe('the SQL the users repositories issue (users.repository.sql)', () => {
  let snapshot: SqlSnapshot<Db>;

  beforeAll(async () => {
    snapshot = await SqlSnapshot.open(
      'users',
      async (schema) =>
        new Db(await openDataSource({ url: stackEnv.databaseUrl, schema, migrations: MIGRATIONS })),
    );
  });

  afterAll(() => snapshot?.close());

  it('matches the committed snapshot, every method run against PostgreSQL', async () => {
    const users = snapshot.track(
      new UsersRepository(snapshot.db),
      join(__dirname, 'users/users.repository.ts'),
    );
    const id = randomUUID();
    const claims = { id, username: 'ada', email: null, displayName: 'Ada Lovelace', roles: ['member'] };

    const created = await users.transaction((tx) => users.insertIfAbsent(tx, claims));
    expect(created?.username).toBe('ada');
    const updated = await users.transaction(async (tx) => {
      await users.lockById(tx, id);
      return users.update(tx, id, { displayName: 'Ada King', statusText: 'Computing' });
    });
    expect(updated.displayName).toBe('Ada King');
    expect((await users.findById(id))?.statusText).toBe('Computing');
    expect((await users.directory('ad', 0, 10)).users.map((user) => user.id)).toEqual([id]);
    expect((await users.directory(undefined, 0, 10)).users.map((user) => user.id)).toEqual([id]);

    snapshot.verify(__dirname);
  });
});
