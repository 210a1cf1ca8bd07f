import { PresenceStatus } from '../api';

const LABELS: Record<PresenceStatus, string> = {
  online: 'Online',
  away: 'Away',
  dnd: 'Do not disturb',
  offline: 'Offline',
};

export function presenceLabel(status: PresenceStatus | null): string {
  return LABELS[status ?? 'offline'];
}

export function PresenceDot({ status }: { status: PresenceStatus | null }) {
  return <span className="presence-dot" data-status={status ?? 'offline'} title={presenceLabel(status)} />;
}
