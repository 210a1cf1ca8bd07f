import { CreateMessaging1733200000000 } from './1733200000000-create-messaging';
import { MemberVersion1733900000000 } from './1733900000000-member-version';
import { Mutes1734100000000 } from './1734100000000-mutes';
import { ChannelChanges1734300000000 } from './1734300000000-channel-changes';
import { StatementRevs1734500000000 } from './1734500000000-statement-revs';

/** The schema's history, oldest first: the service runs it at start, the SQL snapshot test too. */
export const MIGRATIONS = [
  CreateMessaging1733200000000,
  MemberVersion1733900000000,
  Mutes1734100000000,
  ChannelChanges1734300000000,
  StatementRevs1734500000000,
];
