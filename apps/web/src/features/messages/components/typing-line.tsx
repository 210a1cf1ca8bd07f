import { typingLine, useTypists } from '../../realtime/typing-store';

export function TypingLine({ channelId }: { channelId: string }) {
  const typists = useTypists(channelId);
  return (
    <div className="typing-line" aria-live="polite" data-testid="typing-line">
      {typingLine(typists.map((t) => t.username))}
    </div>
  );
}
