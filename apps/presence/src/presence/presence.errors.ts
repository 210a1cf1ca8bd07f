import { ProblemException } from '@colink/platform';

export enum PresenceErrorCode {
  EventNotPublished = 'presence-event-not-published',
}

export function presenceError(code: PresenceErrorCode): ProblemException {
  switch (code) {
    case PresenceErrorCode.EventNotPublished:
      return new ProblemException(
        503,
        code,
        'The presence change could not be announced; it was not kept. Try again shortly.',
        undefined,
        { 'retry-after': '5' },
      );
  }
}
