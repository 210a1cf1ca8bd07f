/** The validated ws-gateway config, for the providers of the real-time feature. */
export const WS_CONFIG = Symbol('WS_CONFIG');

export const channelRoom = (channelId: string): string => `channel:${channelId}`;
export const userRoom = (userId: string): string => `user:${userId}`;
