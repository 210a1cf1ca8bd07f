import type { ChannelView } from '@colink/contracts';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useParams } from 'react-router';
import { describe, expect, it } from 'vitest';
import { queryKeys } from '../../api/query-client';
import { ALICE } from '../../messages/model/test-messages';
import { QuickSwitcher } from './quick-switcher';

function channel(id: string, name: string, unread = 0): ChannelView {
  return {
    id,
    name,
    description: '',
    type: 'public',
    created_by: ALICE,
    created_at: new Date().toISOString(),
    archived_at: null,
    member_count: 3,
    is_member: true,
    role: 'member',
    unread_count: unread,
    mention_count: 0,
    last_read_seq: 0,
    last_seq: unread,
  };
}

function Opened() {
  const { channelId } = useParams();
  return <p>opened {channelId}</p>;
}

describe('quick switcher', () => {
  it('filters joined channels as one types and opens the chosen one with the keyboard', async () => {
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
    client.setQueryData(queryKeys.joined, [
      channel('c1', 'general'),
      channel('c2', 'design', 4),
      channel('c3', 'devops'),
    ]);
    render(
      <QueryClientProvider client={client}>
        <MemoryRouter>
          <QuickSwitcher open onOpenChange={() => undefined} />
          <Routes>
            <Route path="/channels/:channelId" element={<Opened />} />
            <Route path="*" element={null} />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const input = screen.getByRole('combobox', { name: 'Jump to a conversation' });
    await userEvent.type(input, 'de');
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['# design4', '# devops']);
    await userEvent.keyboard('{ArrowDown}{Enter}');
    expect(await screen.findByText('opened c3')).toBeTruthy();
  });
});
