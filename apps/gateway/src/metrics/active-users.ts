import { MetricsService, RedisClient } from '@colink/platform';
import { Logger } from '@nestjs/common';

const DAY_MS = 86_400_000;
/** Days a day's set is kept: the week's count reads the last seven. */
const KEEP_DAYS = 8;

/**
 * Distinct signed-in users, for the business dashboard: every request with a verified token adds
 * its user to a HyperLogLog per UTC day in Redis (shared by every gateway replica; about 12 KiB a
 * day whatever the number of users). `colink_active_users{window="day"}` is today's count (DAU),
 * `{window="week"}` the union of the last seven days. A replica writes a user once a day.
 */
export class ActiveUsers {
  private readonly logger = new Logger(ActiveUsers.name);
  private day = '';
  private seenToday = new Set<string>();

  constructor(
    private readonly redis: RedisClient,
    metrics: MetricsService,
  ) {
    // Read at scrape time, so every replica reports the shared count.
    metrics.gauge(
      'colink_active_users',
      'Distinct users with a verified token',
      ['window'],
      async (gauge) => {
        const now = Date.now();
        const week = Array.from({ length: 7 }, (_, i) => keyOf(now - i * DAY_MS));
        try {
          gauge.set({ window: 'day' }, await this.redis.pfCount(week[0]));
          gauge.set({ window: 'week' }, await this.redis.pfCount(week));
        } catch (error) {
          // Redis unreachable: the last values stay (the gateway's readiness reports Redis).
          this.logger.warn({ err: error }, 'could not read the active users');
        }
      },
    );
  }

  /** Counts the user as active today; never delays or fails the request. */
  seen(userId: string): void {
    const key = keyOf(Date.now());
    if (key !== this.day) {
      this.day = key;
      this.seenToday = new Set();
    }
    if (this.seenToday.has(userId)) return;
    this.seenToday.add(userId);
    this.redis
      .multi()
      .pfAdd(key, userId)
      .expire(key, (KEEP_DAYS * DAY_MS) / 1000)
      .exec()
      .catch((error: unknown) => {
        this.seenToday.delete(userId);
        this.logger.warn({ err: error }, 'could not record an active user');
      });
  }
}

function keyOf(at: number): string {
  return `active-users:${new Date(at).toISOString().slice(0, 10)}`;
}
