import { CreateUsers1733000000000 } from './1733000000000-create-users';

/** The schema's history, oldest first: the service runs it at start, the SQL snapshot test too. */
export const MIGRATIONS = [CreateUsers1733000000000];
