import { QueryClient } from '@tanstack/react-query';
import { channelQuery, joinedChannelsQuery } from '../channels/api';
import { lastChannel } from '../channels/components/home-page';
import { messagesQuery } from '../messages/api';
import { meQuery } from '../users/api';

const CHANNEL_PATH = /^\/channels\/([0-9a-f-]{36})(?:\/|$)/;

/**
 * Starts the requests of the first screen as soon as sign-in has a token, while the app is still
 * rendering: the person, the sidebar, and the channel the page opens (the one asked for, or the
 * last one on this device for the home page) with its latest messages. The screen's own queries
 * then find them in flight or answered.
 */
export function prefetchFirstScreen(client: QueryClient, path: string): void {
  void client.prefetchQuery(meQuery());
  void client.prefetchQuery(joinedChannelsQuery());
  const channelId = CHANNEL_PATH.exec(path)?.[1] ?? (path === '/' ? lastChannel() : null);
  if (!channelId) return;
  void client.prefetchQuery(channelQuery(channelId));
  void client.prefetchQuery(messagesQuery(client, channelId));
}
