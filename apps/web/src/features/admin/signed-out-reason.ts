import { userManager } from '../auth/oidc';

const KEY = 'colink.signed-out-reason';

export type SignedOutReason = 'banned';

/** Remembers why the session ended, for the sign-in page to say so once. */
export function markSignedOutReason(reason: SignedOutReason): void {
  try {
    sessionStorage.setItem(KEY, reason);
  } catch {
    // Storage blocked: the sign-in page just says nothing.
  }
}

export function takeSignedOutReason(): SignedOutReason | null {
  try {
    const reason = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    return reason === 'banned' ? reason : null;
  } catch {
    return null;
  }
}

/** A ban ends the session here and now: the app shows the sign-in page, saying why. */
export function signOutBanned(): void {
  markSignedOutReason('banned');
  void userManager.removeUser();
}
