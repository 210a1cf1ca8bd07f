import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The users CoLink knows, from user.* events and from callers' identities: who may be added or DMed. */
@Entity({ name: 'known_users' })
export class KnownUserEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  username!: string;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
