import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { prefetchFirstScreen } from '../../shell/first-screen';
import { completeSignIn } from '../oidc';

/** Where Keycloak sends the person back: finish the code exchange, then return to their page. */
export function CallbackPage() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [failed, setFailed] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    completeSignIn()
      .then((returnTo) => {
        prefetchFirstScreen(client, returnTo);
        return navigate(returnTo, { replace: true });
      })
      .catch((error: unknown) => setFailed(error instanceof Error ? error.message : 'sign-in failed'));
  }, [client, navigate]);

  if (failed)
    return (
      <main className="sign-in">
        <div className="sign-in-card">
          <h1>Sign-in did not complete</h1>
          <p role="alert">{failed}</p>
          <a className="button primary" href="/">
            Try again
          </a>
        </div>
      </main>
    );
  return <div className="splash" aria-busy="true" aria-label="Signing in" />;
}
