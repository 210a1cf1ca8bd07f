import { QueryClientProvider } from '@tanstack/react-query';
import { Suspense, lazy, useState } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { createQueryClient } from './features/api/query-client';
import { AuthGate } from './features/auth/components/auth-gate';
import { CallbackPage } from './features/auth/components/callback-page';
import { CALLBACK_PATH } from './features/auth/oidc';
import { ChannelPage } from './features/channels/components/channel-page';
import { HomePage } from './features/channels/components/home-page';
import { RealtimeProvider } from './features/realtime/realtime-provider';
import { AppLayout } from './features/shell/components/app-layout';

/** The admin area is loaded when opened, not with the first screen. */
const AdminPage = lazy(() =>
  import('./features/admin/components/admin-page').then((module) => ({ default: module.AdminPage })),
);

export function App() {
  const [client] = useState(createQueryClient);
  return (
    <QueryClientProvider client={client}>
      <Routes>
        <Route path={CALLBACK_PATH} element={<CallbackPage />} />
        <Route
          path="*"
          element={
            <AuthGate>
              {(user) => (
                <RealtimeProvider selfId={user.profile.sub}>
                  <Routes>
                    <Route element={<AppLayout />}>
                      <Route index element={<HomePage />} />
                      <Route path="channels/:channelId" element={<ChannelPage />} />
                      <Route path="channels/:channelId/threads/:rootId" element={<ChannelPage />} />
                      <Route
                        path="admin"
                        element={
                          <Suspense fallback={<div className="empty-state" aria-busy="true" />}>
                            <AdminPage />
                          </Suspense>
                        }
                      />
                      <Route path="*" element={<Navigate to="/" replace />} />
                    </Route>
                  </Routes>
                </RealtimeProvider>
              )}
            </AuthGate>
          }
        />
      </Routes>
    </QueryClientProvider>
  );
}
