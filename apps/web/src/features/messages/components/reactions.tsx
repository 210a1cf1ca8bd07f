import type { MessageView } from '@colink/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { toggleReaction } from '../api';
import { EmojiPickerButton } from './emoji-picker';

const SHORT_NAMES: Record<string, string> = {
  thumbsup: '👍',
  '+1': '👍',
  thumbsdown: '👎',
  '-1': '👎',
  heart: '❤️',
  smile: '😄',
  laughing: '😆',
  tada: '🎉',
  eyes: '👀',
  rocket: '🚀',
  white_check_mark: '✅',
  fire: '🔥',
  pray: '🙏',
  joy: '😂',
};

export function emojiGlyph(emoji: string): string {
  return SHORT_NAMES[emoji] ?? (/^[a-z0-9_+-]+$/.test(emoji) ? `:${emoji}:` : emoji);
}

export function Reactions({ message, selfId }: { message: MessageView; selfId: string }) {
  const client = useQueryClient();
  if (message.reactions.length === 0) return null;
  const toggle = (emoji: string) =>
    void toggleReaction(client, message, emoji, selfId).catch(() => undefined);
  return (
    <div className="reactions" role="group" aria-label="Reactions">
      {message.reactions.map((reaction) => {
        const mine = reaction.user_ids.includes(selfId);
        return (
          <button
            key={reaction.emoji}
            type="button"
            className={`reaction${mine ? ' mine' : ''}`}
            aria-pressed={mine}
            aria-label={`${emojiGlyph(reaction.emoji)} ${reaction.count} ${reaction.count === 1 ? 'reaction' : 'reactions'}${mine ? ', including yours' : ''}`}
            onClick={() => toggle(reaction.emoji)}
            data-testid="reaction"
          >
            <span aria-hidden="true">{emojiGlyph(reaction.emoji)}</span>{' '}
            <span aria-hidden="true">{reaction.count}</span>
          </button>
        );
      })}
      <EmojiPickerButton label="Add reaction" className="reaction add" onPick={(emoji) => toggle(emoji)}>
        <span aria-hidden="true">☺+</span>
      </EmojiPickerButton>
    </div>
  );
}
