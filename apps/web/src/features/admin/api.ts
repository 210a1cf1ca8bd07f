import type {
  AdminUserView,
  AuditEntryView,
  AuditVerifyView,
  CreateModerationAction,
  ModerationActionView,
  Page,
  UserRolesView,
} from '@colink/contracts';
import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { accessToken } from '../auth/oidc';
import { ApiError, api } from '../api/http';

export const adminKeys = {
  users: (query: string) => ['admin', 'users', query] as const,
  actions: (target: string) => ['admin', 'actions', target] as const,
  audit: (filters: AuditFilters) => ['admin', 'audit', filters] as const,
};

export interface AuditFilters {
  actor_id?: string;
  action?: string;
  resource_type?: string;
  /** ISO times. */
  from?: string;
  to?: string;
}

function search(params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') query.set(key, String(value));
  const text = query.toString();
  return text ? `?${text}` : '';
}

export function useAdminUsers(query: string) {
  return useInfiniteQuery({
    queryKey: adminKeys.users(query),
    queryFn: ({ pageParam, signal }) =>
      api<Page<AdminUserView>>('GET', `/admin/users${search({ query, limit: 50, cursor: pageParam })}`, {
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    // The list stays while the next search loads, rather than blinking empty at each keystroke.
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

export function useModerationActions(targetUserId = '') {
  return useQuery({
    queryKey: adminKeys.actions(targetUserId),
    queryFn: ({ signal }) =>
      api<Page<ModerationActionView>>(
        'GET',
        `/admin/moderation/actions${search({ target_user_id: targetUserId, limit: 50 })}`,
        { signal },
      ),
    staleTime: 10_000,
  });
}

export function useAudit(filters: AuditFilters, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: adminKeys.audit(filters),
    queryFn: ({ pageParam, signal }) =>
      api<Page<AuditEntryView>>(
        'GET',
        `/admin/audit${search({ ...filters, limit: 50, cursor: pageParam })}`,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled,
    staleTime: 5_000,
  });
}

export function verifyAudit(): Promise<AuditVerifyView> {
  return api<AuditVerifyView>('GET', '/admin/audit/verify');
}

/** Records a moderation action; the people list and the history refresh. */
export function useModerate() {
  const client = useQueryClient();
  return async (body: CreateModerationAction): Promise<ModerationActionView> => {
    const done = await api<ModerationActionView>('POST', '/admin/moderation/actions', { body });
    void client.invalidateQueries({ queryKey: ['admin'] });
    return done;
  };
}

export function useSetRoles() {
  const client = useQueryClient();
  return async (userId: string, roles: string[]): Promise<UserRolesView> => {
    const done = await api<UserRolesView>('PUT', `/admin/users/${userId}/roles`, { body: { roles } });
    void client.invalidateQueries({ queryKey: ['admin', 'users'] });
    return done;
  };
}

export function removeMessage(messageId: string, reason: string): Promise<void> {
  return api<void>('DELETE', `/admin/messages/${messageId}`, { body: { reason } });
}

/**
 * Downloads the audit log (the filters applied, every page) as CSV or JSON. The server streams the
 * CSV; the JSON file is the pages gathered here, one array of entries.
 */
export async function exportAudit(filters: AuditFilters, format: 'csv' | 'json'): Promise<void> {
  let blob: Blob;
  if (format === 'csv') {
    const token = await accessToken();
    const response = await fetch(`/api/v1/admin/audit${search({ ...filters, format: 'csv', limit: 200 })}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => ({})));
    blob = await response.blob();
  } else {
    const entries: AuditEntryView[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 500; page += 1) {
      const answer = await api<Page<AuditEntryView>>(
        'GET',
        `/admin/audit${search({ ...filters, limit: 200, cursor })}`,
      );
      entries.push(...answer.items);
      cursor = answer.next_cursor ?? undefined;
      if (!cursor) break;
    }
    blob = new Blob([JSON.stringify(entries, null, 2)], { type: 'application/json' });
  }
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `audit-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
