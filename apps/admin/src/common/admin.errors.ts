import { FieldError } from '@colink/contracts';
import { ProblemException } from '@colink/platform';

export enum AdminErrorCode {
  BadCursor = 'bad-cursor',
  UnknownUser = 'unknown-user',
  IdentityUnavailable = 'identity-provider-unavailable',
  KickFailed = 'kick-failed',
  KickRefused = 'kick-refused',
  SelfAction = 'self-action',
  MessageNotFound = 'message-not-found',
  RemoveFailed = 'remove-failed',
}

/** The one mapping of admin failures to problem+json. */
export function adminError(code: AdminErrorCode, detail?: string, errors?: FieldError[]): ProblemException {
  switch (code) {
    case AdminErrorCode.BadCursor:
      return new ProblemException(400, code, 'The cursor is not one this endpoint gave out.', [
        { field: 'cursor', message: 'is not valid' },
      ]);
    case AdminErrorCode.UnknownUser:
      return new ProblemException(404, code, detail ?? 'No user has this id.', errors);
    case AdminErrorCode.IdentityUnavailable:
      return new ProblemException(
        503,
        code,
        detail ?? 'The identity provider could not apply the change; nothing was recorded. Try again.',
      );
    case AdminErrorCode.KickFailed:
      return new ProblemException(
        502,
        code,
        detail ?? 'The channel did not remove the member; nothing was recorded. Try again.',
      );
    case AdminErrorCode.KickRefused:
      return new ProblemException(
        404,
        code,
        detail ?? 'The user is not a member of this channel, or the channel is not visible to you.',
      );
    case AdminErrorCode.MessageNotFound:
      return new ProblemException(
        404,
        code,
        detail ?? 'No message has this id, or it is not visible to you.',
      );
    case AdminErrorCode.RemoveFailed:
      return new ProblemException(
        502,
        code,
        detail ?? 'Messaging did not remove the message; nothing was recorded. Try again.',
      );
    case AdminErrorCode.SelfAction:
      return new ProblemException(422, code, detail ?? 'A moderator cannot act on themselves.', [
        { field: 'target_user_id', message: 'is you' },
      ]);
  }
}
