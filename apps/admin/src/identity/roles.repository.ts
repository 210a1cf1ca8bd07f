import { Db, Tx } from '@colink/platform';
import { Injectable } from '@nestjs/common';

/** Role changes live in Keycloak; here only the transaction their audit event is written in. */
@Injectable()
export class RolesRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }
}
