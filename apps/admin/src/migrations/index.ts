import { CreateAudit1733900000000 } from './1733900000000-create-audit';
import { BanExpiryAndSignInEvents1734300000000 } from './1734300000000-ban-expiry-and-sign-in-events';

/** The schema's history, oldest first: the service runs it at start, the SQL snapshot test too. */
export const MIGRATIONS = [CreateAudit1733900000000, BanExpiryAndSignInEvents1734300000000];
