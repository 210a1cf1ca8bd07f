import { displayName, useUser } from '../../users/api';

/** A person named by id: their display name once known, the id's start until then. */
export function Who({ id }: { id: string | null }) {
  const { data } = useUser(id);
  if (!id) return <span className="muted">system</span>;
  return <span title={id}>{data ? displayName(data) : `${id.slice(0, 8)}…`}</span>;
}

export function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
