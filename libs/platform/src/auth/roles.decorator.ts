import { SetMetadata } from '@nestjs/common';

export type RealmRole = 'admin' | 'moderator' | 'member';
export const REQUIRED_ROLES = 'colink:roles';

/** The caller needs at least one of these realm roles; `admin` passes every check. */
export const Roles = (...roles: RealmRole[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLES, roles);
