import { Navigate } from 'react-router';
import { useJoinedChannels } from '../api';

const LAST_CHANNEL = 'colink.last-channel';

export function rememberChannel(id: string): void {
  try {
    localStorage.setItem(LAST_CHANNEL, id);
  } catch {
    // Storage refused (private mode): the home page then opens the first channel.
  }
}

/** The channel opened last on this device, if any. */
export function lastChannel(): string | null {
  try {
    return localStorage.getItem(LAST_CHANNEL);
  } catch {
    return null;
  }
}

/** On a wide screen, straight into the last (or first) channel; on a phone, the sidebar is the home. */
export function HomePage() {
  const { data: channels } = useJoinedChannels();
  const wide = window.matchMedia('(min-width: 761px)').matches;
  if (!channels) return <div className="empty-state" aria-busy="true" />;
  if (wide && channels.length > 0) {
    const last = lastChannel();
    const target =
      channels.find((c) => c.id === last) ?? channels.find((c) => c.type !== 'dm') ?? channels[0];
    return <Navigate to={`/channels/${target.id}`} replace />;
  }
  return (
    <div className="empty-state">
      <h1>Welcome to CoLink</h1>
      <p className="muted">Pick a channel or start a conversation from the sidebar.</p>
    </div>
  );
}
