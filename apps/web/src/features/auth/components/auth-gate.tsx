import type { User } from 'oidc-client-ts';
import { ReactNode, useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { setUnauthorizedHandler } from '../../api/http';
import { loadUser, signIn, userManager } from '../oidc';
import { SignInPage } from './sign-in-page';

type Session = { state: 'loading' } | { state: 'signed-out' } | { state: 'signed-in'; user: User };

/** Shows the app to a signed-in person; everyone else gets the sign-in page for the same URL. */
export function AuthGate({ children }: { children: (user: User) => ReactNode }) {
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const location = useLocation();

  useEffect(() => {
    let live = true;
    loadUser()
      .then((user) => live && setSession(user ? { state: 'signed-in', user } : { state: 'signed-out' }))
      .catch(() => live && setSession({ state: 'signed-out' }));
    const signedOut = () => {
      if (live) setSession({ state: 'signed-out' });
    };
    setUnauthorizedHandler(() => {
      void userManager.removeUser().then(signedOut);
    });
    userManager.events.addSilentRenewError(signedOut);
    userManager.events.addUserSignedOut(signedOut);
    // The session was dropped here (e.g. a ban): back to the sign-in page.
    userManager.events.addUserUnloaded(signedOut);
    return () => {
      userManager.events.removeUserUnloaded(signedOut);
      live = false;
      userManager.events.removeSilentRenewError(signedOut);
      userManager.events.removeUserSignedOut(signedOut);
    };
  }, []);

  if (session.state === 'loading') return <div className="splash" aria-busy="true" />;
  if (session.state === 'signed-out')
    return (
      <SignInPage onSignIn={() => void signIn(`${location.pathname}${location.search}${location.hash}`)} />
    );
  return <>{children(session.user)}</>;
}
