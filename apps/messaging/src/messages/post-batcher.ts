import { Outbox } from '@colink/platform';
import { Injectable, Logger } from '@nestjs/common';
import { MessagesRepository, TopLevelPost } from './messages.repository';

interface Waiting {
  post: TopLevelPost;
  resolve: (seq: number | null) => void;
  reject: (error: unknown) => void;
}

/** Posts written by one statement at most: bounds the statement's size and its locks' duration. */
const MAX_GROUP = 256;

/**
 * Group commit of top-level posts. A post that arrives while no write is in flight is written at
 * once, alone; posts that arrive while one is in flight wait for it and are then written together,
 * by one statement and one commit (MessagesRepository.insertTopLevel). Under load the commits, each
 * a WAL flush and the channel counter's lock, are shared by many posts instead of taken one after
 * another. Each post's promise settles only after the commit that holds it, with its seq, or null
 * when the statement refused it (the caller finds out why). If a group's statement fails, its posts
 * are written one by one, so one bad post fails alone.
 */
@Injectable()
export class PostBatcher {
  private readonly logger = new Logger(PostBatcher.name);
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(
    private readonly repo: MessagesRepository,
    private readonly outbox: Outbox,
  ) {}

  /** The post's seq once committed, or null when it was refused (unknown or archived channel, not a member, muted). */
  write(post: TopLevelPost): Promise<number | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ post, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.slice(0, MAX_GROUP);
        this.waiting = this.waiting.slice(group.length);
        await this.writeGroup(group);
      }
    } finally {
      this.writing = false;
    }
  }

  private async writeGroup(group: Waiting[]): Promise<void> {
    let written: Awaited<ReturnType<MessagesRepository['insertTopLevel']>>;
    try {
      written = await this.repo.insertTopLevel(group.map((one) => one.post));
    } catch (error) {
      if (group.length === 1) {
        group[0].reject(error);
        return;
      }
      this.logger.warn(
        { err: error, posts: group.length },
        'a group of posts failed: writing them one by one',
      );
      for (const one of group) await this.writeGroup([one]);
      return;
    }
    // The relay publishes the group's events as committed, without reading them back.
    if (written.events.length > 0) this.outbox.committed(written.events);
    for (const one of group) one.resolve(written.seqs.get(one.post.message.id) ?? null);
  }
}
