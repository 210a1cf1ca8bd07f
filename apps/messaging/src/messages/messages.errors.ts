import { FieldError } from '@colink/contracts';
import { ProblemException } from '@colink/platform';

export enum MessagesErrorCode {
  ChannelNotFound = 'channel-not-found',
  MessageNotFound = 'message-not-found',
  NotAMember = 'not-a-member',
  NotAuthor = 'not-author',
  NotAllowed = 'not-allowed',
  Archived = 'channel-archived',
  MessageDeleted = 'message-deleted',
  BadThreadRoot = 'bad-thread-root',
  UnknownThreadRoot = 'unknown-thread-root',
  UnknownFiles = 'unknown-files',
  BadCursor = 'bad-cursor',
  Muted = 'muted',
  UnstorableContent = 'unstorable-content',
}

/** The one mapping of messaging failures to problem+json. */
export function messagesError(
  code: MessagesErrorCode,
  errors?: FieldError[],
  detail?: string,
): ProblemException {
  switch (code) {
    case MessagesErrorCode.ChannelNotFound:
      return new ProblemException(404, code, 'No channel has this id, or it is not visible to you.');
    case MessagesErrorCode.MessageNotFound:
      return new ProblemException(404, code, 'No message has this id, or it is not visible to you.');
    case MessagesErrorCode.NotAMember:
      return new ProblemException(403, code, 'Join the channel first.');
    case MessagesErrorCode.NotAuthor:
      return new ProblemException(403, code, 'Only the author may edit a message.');
    case MessagesErrorCode.NotAllowed:
      return new ProblemException(
        403,
        code,
        'Only the author, a channel admin or a moderator may delete a message.',
      );
    case MessagesErrorCode.Archived:
      return new ProblemException(409, code, 'The channel is archived: its history is read-only.');
    case MessagesErrorCode.MessageDeleted:
      return new ProblemException(409, code, 'The message was deleted.');
    case MessagesErrorCode.BadThreadRoot:
      return new ProblemException(400, code, 'Only a reply can also be sent to the channel.', errors);
    case MessagesErrorCode.UnknownThreadRoot:
      return new ProblemException(
        422,
        code,
        'The thread root is not a top-level message of this channel.',
        errors,
      );
    case MessagesErrorCode.UnknownFiles:
      return new ProblemException(
        422,
        code,
        'Attach only files you uploaded to this channel that are not infected.',
        errors,
      );
    case MessagesErrorCode.Muted:
      return new ProblemException(403, code, detail ?? 'A moderator muted you: you cannot post for now.');
    case MessagesErrorCode.UnstorableContent:
      return new ProblemException(422, code, 'The message cannot be stored as it is.', [
        { field: 'content', message: 'is not well-formed Unicode text' },
      ]);
    case MessagesErrorCode.BadCursor:
      return new ProblemException(400, code, 'The cursor is not one this endpoint gave out.', [
        { field: 'cursor', message: 'is not valid' },
      ]);
  }
}
