import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { UserEntity } from './user.entity';

export interface ProvisionClaims {
  id: string;
  username: string;
  email: string | null;
  displayName: string;
  roles: string[];
}

export interface DirectoryPage {
  users: UserEntity[];
  hasMore: boolean;
}

/** The only place that reads or writes the users schema. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<UserEntity | null> {
    return manager.findOne(UserEntity, { where: { id } });
  }

  /** Inserts the user unless they exist; true when this call created them (so exactly one caller emits user.created). */
  async insertIfAbsent(manager: EntityManager, claims: ProvisionClaims): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values({
        id: claims.id,
        username: claims.username,
        email: claims.email,
        displayName: claims.displayName,
        roles: claims.roles,
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  /** Locks the row for an update in this transaction. */
  lockById(manager: EntityManager, id: string): Promise<UserEntity | null> {
    return manager.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(manager: EntityManager, user: UserEntity): Promise<UserEntity> {
    return manager.save(UserEntity, user);
  }

  /** Without a query: by username. With one: prefix matches first, then trigram similarity. */
  async directory(query: string | undefined, offset: number, limit: number): Promise<DirectoryPage> {
    const builder = this.dataSource.manager.createQueryBuilder(UserEntity, 'u');
    if (query) {
      const q = query.toLowerCase();
      const prefix = `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      builder
        .where(
          `(lower(u.username) LIKE :prefix OR lower(u.display_name) LIKE :prefix
            OR lower(u.username) % :q OR lower(u.display_name) % :q
            OR word_similarity(:q, lower(u.display_name)) > 0.4)`,
          { prefix, q },
        )
        .orderBy(
          `CASE WHEN lower(u.username) LIKE :prefix OR lower(u.display_name) LIKE :prefix THEN 0 ELSE 1 END`,
        )
        .addOrderBy(
          `GREATEST(similarity(lower(u.username), :q), similarity(lower(u.display_name), :q))`,
          'DESC',
        )
        .addOrderBy('u.username', 'ASC');
    } else {
      builder.orderBy('u.username', 'ASC');
    }
    const users = await builder
      .addOrderBy('u.id', 'ASC')
      .offset(offset)
      .limit(limit + 1)
      .getMany();
    return { users: users.slice(0, limit), hasMore: users.length > limit };
  }
}
