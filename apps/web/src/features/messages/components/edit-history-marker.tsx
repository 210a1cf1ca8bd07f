import * as Popover from '@radix-ui/react-popover';
import { useState } from 'react';
import { useEdits } from '../api';
import { MessageMarkdown } from './markdown';

/** "(edited)": the earlier versions, fetched when asked for. */
export function EditHistoryMarker({ messageId, editedAt }: { messageId: string; editedAt: string }) {
  const [open, setOpen] = useState(false);
  const { data: edits, isLoading } = useEdits(messageId, open);
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger className="edited" title={`Edited ${new Date(editedAt).toLocaleString()}`}>
        (edited)
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          className="popover history"
          sideOffset={4}
          collisionPadding={8}
          aria-label="Edit history"
        >
          <h3>Earlier versions</h3>
          {isLoading && <p className="muted">Loading…</p>}
          {edits?.length === 0 && <p className="muted">No earlier versions.</p>}
          <ol>
            {edits?.map((edit) => (
              <li key={edit.replaced_at}>
                <div className="muted small">until {new Date(edit.replaced_at).toLocaleString()}</div>
                <MessageMarkdown content={edit.content} />
              </li>
            ))}
          </ol>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
