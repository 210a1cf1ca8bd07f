import { FieldError } from '@colink/contracts';
import { ProblemException } from '@colink/platform';

export enum ChannelsErrorCode {
  ChannelNotFound = 'channel-not-found',
  NameTaken = 'channel-name-taken',
  NotAMember = 'not-a-member',
  NotAllowed = 'not-allowed',
  Archived = 'channel-archived',
  DmMembershipFixed = 'dm-membership-fixed',
  DmImmutable = 'dm-immutable',
  DmSize = 'dm-size',
  UnknownUsers = 'unknown-users',
  MemberNotFound = 'member-not-found',
  LastOwner = 'last-owner',
  BadCursor = 'bad-cursor',
}

/** The one mapping of channel failures to problem+json. */
export function channelsError(
  code: ChannelsErrorCode,
  detail?: string,
  errors?: FieldError[],
): ProblemException {
  switch (code) {
    case ChannelsErrorCode.ChannelNotFound:
      return new ProblemException(
        404,
        code,
        detail ?? 'No channel has this id, or it is not visible to you.',
      );
    case ChannelsErrorCode.NameTaken:
      // The same answer whoever holds the name (public, private, archived, visible to the caller or
      // not): names stay unique and a private channel's existence is told no more than "taken".
      return new ProblemException(409, code, detail ?? 'This channel name is taken.', [
        { field: 'name', message: 'is taken' },
      ]);
    case ChannelsErrorCode.NotAMember:
      return new ProblemException(403, code, detail ?? 'Join the channel first.');
    case ChannelsErrorCode.NotAllowed:
      return new ProblemException(403, code, detail ?? 'Your role in this channel does not allow this.');
    case ChannelsErrorCode.Archived:
      return new ProblemException(409, code, detail ?? 'The channel is archived: its history is read-only.');
    case ChannelsErrorCode.DmMembershipFixed:
      return new ProblemException(
        409,
        code,
        detail ?? 'A DM is the conversation of a fixed set of people: start another DM instead.',
      );
    case ChannelsErrorCode.DmImmutable:
      return new ProblemException(409, code, detail ?? 'A DM has no name, description or privacy to change.');
    case ChannelsErrorCode.DmSize:
      return new ProblemException(422, code, detail ?? 'A DM has 2 to 8 people, you included.', errors);
    case ChannelsErrorCode.UnknownUsers:
      return new ProblemException(422, code, detail ?? 'Some of these users are not known.', errors);
    case ChannelsErrorCode.MemberNotFound:
      return new ProblemException(404, code, detail ?? 'This user is not a member of the channel.');
    case ChannelsErrorCode.LastOwner:
      return new ProblemException(
        409,
        code,
        detail ?? 'The channel would have no owner: make another member owner first.',
      );
    case ChannelsErrorCode.BadCursor:
      return new ProblemException(400, code, 'The cursor is not one this endpoint gave out.', [
        { field: 'cursor', message: 'is not valid' },
      ]);
  }
}
