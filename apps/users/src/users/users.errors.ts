import { ProblemException } from '@colink/platform';

export enum UsersErrorCode {
  UserNotFound = 'user-not-found',
  BadCursor = 'bad-cursor',
}

export function usersError(code: UsersErrorCode): ProblemException {
  switch (code) {
    case UsersErrorCode.UserNotFound:
      return new ProblemException(404, code, 'No user has this id.');
    case UsersErrorCode.BadCursor:
      return new ProblemException(400, code, 'The cursor is not one this endpoint gave out.', [
        { field: 'cursor', message: 'is not valid' },
      ]);
  }
}
