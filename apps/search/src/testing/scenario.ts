import { ServiceProcess, waitFor } from '@colink/testing';
import { randomUUID } from 'node:crypto';
import { TestUser, call } from './harness';

/** Test-only: the calls a search scenario makes against running channels, messaging and search. */
export class Scenario {
  constructor(
    private readonly channels: ServiceProcess,
    private readonly messaging: ServiceProcess,
    public search: ServiceProcess,
  ) {}

  async createChannel(owner: TestUser, isPrivate = false): Promise<{ id: string; name: string }> {
    const name = `s-${randomUUID().slice(0, 10)}`;
    const created = await call(this.channels.url, owner, 'POST', '/api/v1/channels', {
      name,
      is_private: isPrivate,
    });
    if (created.status !== 201)
      throw new Error(`create channel: ${created.status} ${JSON.stringify(created.body)}`);
    return { id: created.body.id as string, name };
  }

  /** Posts once messaging's projection has caught up with the channel. */
  post(user: TestUser, channelId: string, content: string): Promise<{ id: string }> {
    return waitFor(`post "${content}"`, async () => {
      const reply = await call(this.messaging.url, user, 'POST', `/api/v1/channels/${channelId}/messages`, {
        content,
      });
      return reply.status === 201 ? (reply.body as { id: string }) : undefined;
    });
  }

  find(user: TestUser, q: string, channelId: string) {
    return call(
      this.search.url,
      user,
      'GET',
      `/api/v1/search/messages?${new URLSearchParams({ q, channel_id: channelId })}`,
    );
  }

  /** Waits until searching `q` in the channel finds exactly `expected`. */
  async expectFound(user: TestUser, q: string, channelId: string, expected: string[], timeoutMs = 30_000) {
    await waitFor(
      `"${q}" to find ${JSON.stringify(expected)}`,
      async () => {
        const reply = await this.find(user, q, channelId);
        if (reply.status !== 200) return false;
        const got = (reply.body.items as Array<{ message: { content: string } }>).map(
          (hit) => hit.message.content,
        );
        return JSON.stringify(got.sort()) === JSON.stringify([...expected].sort());
      },
      timeoutMs,
      500,
    );
  }
}
