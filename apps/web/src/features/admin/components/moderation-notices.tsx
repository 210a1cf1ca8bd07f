import { useEffect } from 'react';
import { useMe } from '../../users/api';
import { signOutBanned } from '../signed-out-reason';
import { myModeration, useMyModeration } from '../my-moderation';

/** A moderator's warning, shown until the person acknowledges it; a ban signs them out. */
export function ModerationNotices() {
  const { warnings, banned } = useMyModeration();
  const { data: me } = useMe();

  useEffect(() => {
    if (me) myModeration.signedIn(me.id);
  }, [me]);

  useEffect(() => {
    if (!banned) return;
    signOutBanned();
  }, [banned]);

  if (warnings.length === 0) return null;
  const warning = warnings[0]!;
  return (
    <div className="banner warning-notice" role="alert" data-testid="warning-notice">
      <span>
        <strong>A moderator warned you:</strong> {warning.reason}
      </span>
      <button type="button" className="button small" onClick={() => myModeration.dismissWarning(warning.id)}>
        I understand
      </button>
    </div>
  );
}
