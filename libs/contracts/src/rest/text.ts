/**
 * Matches a string with at least one character that `String.prototype.trim` keeps: the complement
 * of JavaScript's white space and line terminators, spelled out so that the OpenAPI pattern means
 * the same to every JSON Schema reader (their `\s` differ).
 */
export const NOT_BLANK = /[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
export const NOT_BLANK_MESSAGE = 'must not be only white space';

/** PostgreSQL text cannot hold U+0000: text that is stored or queried there is refused with it. */
// eslint-disable-next-line no-control-regex -- U+0000 is the character refused
export const NO_NUL = /^[^\u0000]*$/;
export const NO_NUL_MESSAGE = 'must not contain the character U+0000';
