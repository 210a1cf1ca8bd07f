import * as Popover from '@radix-ui/react-popover';
import { ReactNode, Suspense, lazy, useState } from 'react';

// The picker and its emoji data are loaded only when someone opens it.
const Picker = lazy(() => import('./emoji-picker-panel'));

export function EmojiPickerButton({
  onPick,
  label,
  children,
  className = 'icon-button',
}: {
  onPick: (emoji: string) => void;
  label: string;
  children: ReactNode;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger className={className} aria-label={label} title={label}>
        {children}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover emoji-popover" sideOffset={6} collisionPadding={8}>
          <Suspense fallback={<div className="emoji-loading">Loading emoji…</div>}>
            <Picker
              onPick={(emoji) => {
                setOpen(false);
                onPick(emoji);
              }}
            />
          </Suspense>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
