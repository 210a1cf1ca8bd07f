import { FieldError } from '@colink/contracts';
import { ProblemException } from '@colink/platform';

export enum SearchErrorCode {
  BadQuery = 'bad-query',
  BadCursor = 'bad-cursor',
  Unavailable = 'search-unavailable',
}

/** The one mapping of search failures to problem+json. */
export function searchError(code: SearchErrorCode, errors?: FieldError[]): ProblemException {
  switch (code) {
    case SearchErrorCode.BadQuery:
      return new ProblemException(400, code, 'The search query is not valid.', errors);
    case SearchErrorCode.BadCursor:
      return new ProblemException(400, code, 'The cursor is not one this search gave out.', [
        { field: 'cursor', message: 'is not valid' },
      ]);
    case SearchErrorCode.Unavailable:
      return new ProblemException(
        503,
        code,
        'Search is unavailable for a moment; messaging is not affected. Try again shortly.',
        undefined,
        { 'retry-after': '5' },
      );
  }
}
