import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { completeSignIn } from '../oidc';

/** Where Keycloak sends the person back: finish the code exchange, then return to their page. */
export function CallbackPage() {
  const navigate = useNavigate();
  const [failed, setFailed] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    completeSignIn()
      .then((returnTo) => navigate(returnTo, { replace: true }))
      .catch((error: unknown) => setFailed(error instanceof Error ? error.message : 'sign-in failed'));
  }, [navigate]);

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
