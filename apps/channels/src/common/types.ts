import { MemberRoleSchema } from '@colink/contracts';
import { z } from 'zod';

export type MemberRole = z.infer<typeof MemberRoleSchema>;
export type ChannelType = 'public' | 'private' | 'dm';
