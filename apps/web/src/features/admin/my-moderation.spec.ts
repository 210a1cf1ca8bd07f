import type { ModerationActionView } from '@colink/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { myModeration, untilText } from './my-moderation';
import { rolesOf } from './my-roles';

const action = (over: Partial<ModerationActionView>): ModerationActionView => ({
  id: crypto.randomUUID(),
  action: 'warn',
  target_user_id: 'me',
  channel_id: null,
  moderator_id: 'mod',
  reason: 'be kind',
  duration_s: null,
  expires_at: null,
  created_at: new Date().toISOString(),
  ...over,
});

describe('my moderation state', () => {
  afterEach(() => {
    myModeration.apply(action({ action: 'unmute' }));
    myModeration.snapshot().warnings.forEach((w) => myModeration.dismissWarning(w.id));
  });

  it('shows a mute until its end, and an unmute lifts it', () => {
    const until = new Date(Date.now() + 3_600_000).toISOString();
    myModeration.apply(action({ action: 'mute', expires_at: until, reason: 'cool down' }));
    expect(myModeration.snapshot().mute).toEqual({ until, reason: 'cool down' });
    myModeration.apply(action({ action: 'unmute' }));
    expect(myModeration.snapshot().mute).toBeNull();
  });

  it('drops a mute whose end has passed', () => {
    myModeration.apply(action({ action: 'mute', expires_at: new Date(Date.now() - 1_000).toISOString() }));
    expect(myModeration.snapshot().mute).toBeNull();
  });

  it('learns a mute and its end from a refused post', () => {
    myModeration.refusedAsMuted('A moderator muted you until 2999-01-02T03:04:05.000Z.');
    expect(myModeration.snapshot().mute).toEqual({ until: '2999-01-02T03:04:05.000Z', reason: null });
    myModeration.apply(action({ action: 'unmute' }));
    myModeration.refusedAsMuted('A moderator muted you until they unmute you.');
    expect(myModeration.snapshot().mute).toEqual({ until: null, reason: null });
  });

  it('keeps each warning once until dismissed', () => {
    const warning = action({ action: 'warn', reason: 'no spam' });
    myModeration.apply(warning);
    myModeration.apply(warning);
    expect(myModeration.snapshot().warnings.map((w) => w.reason)).toEqual(['no spam']);
    myModeration.dismissWarning(warning.id);
    expect(myModeration.snapshot().warnings).toEqual([]);
  });

  it('says until when in words', () => {
    expect(untilText(null)).toBe('until a moderator unmutes you');
    expect(untilText(new Date().toISOString())).toMatch(/^until \d/);
  });
});

describe('roles of a token', () => {
  const token = (claims: object) =>
    `x.${btoa(JSON.stringify(claims)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}.y`;

  it('reads realm_access.roles, and nothing from a malformed token', () => {
    expect(rolesOf(token({ realm_access: { roles: ['member', 'moderator'] } }))).toEqual([
      'member',
      'moderator',
    ]);
    expect(rolesOf(token({}))).toEqual([]);
    expect(rolesOf('not-a-token')).toEqual([]);
    expect(rolesOf(undefined)).toEqual([]);
  });
});
