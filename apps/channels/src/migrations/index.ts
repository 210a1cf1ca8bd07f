import { CreateChannels1733100000000 } from './1733100000000-create-channels';
import { MemberVersion1733900000000 } from './1733900000000-member-version';

/** The schema's history, oldest first: the service runs it at start, the SQL snapshot test too. */
export const MIGRATIONS = [CreateChannels1733100000000, MemberVersion1733900000000];
