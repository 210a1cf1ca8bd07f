import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { highlightNodes } from './highlight';
import { chipsOf, toggleToken, withoutToken } from './query-chips';

describe('search highlights', () => {
  it('marks the matches and shows escaped markup as text', () => {
    const { container } = render(
      <p>{highlightNodes('a &lt;script&gt; and <mark>kubernetes</mark> &amp; <mark>deploy</mark>')}</p>,
    );
    expect(container.querySelectorAll('mark')).toHaveLength(2);
    expect(container.querySelector('script')).toBeNull();
    expect(container.textContent).toBe('a <script> and kubernetes & deploy');
  });
});

describe('search chips', () => {
  it('lists the modifiers of a query and removes or toggles one', () => {
    const q = 'deploy in:#ops from:alice has:file before:2025-01-31';
    expect(chipsOf(q).map((chip) => chip.label)).toEqual([
      'in #ops',
      'from @alice',
      'has a file',
      'before 2025-01-31',
    ]);
    expect(withoutToken(q, 'from:alice')).toBe('deploy in:#ops has:file before:2025-01-31');
    expect(toggleToken('deploy', 'has:file')).toBe('deploy has:file');
    expect(toggleToken('deploy has:file', 'has:file')).toBe('deploy');
  });
});
