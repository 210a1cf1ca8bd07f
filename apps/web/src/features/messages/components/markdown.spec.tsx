import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MessageMarkdown } from './markdown';

const CORPUS = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss=1">',
  '[click](javascript:window.__xss=1)',
  '<a href="javascript:alert(1)">x</a>',
  '![x](javascript:alert(1))',
  '<iframe src="https://example.com"></iframe>',
  '<svg onload="window.__xss=1"></svg>',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
];

describe('message Markdown', () => {
  it('renders code blocks, emphasis, tables and @mentions', () => {
    const { container } = render(
      <MessageMarkdown
        content={'**bold** and `code` @bob\n\n```\nconst a = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |'}
      />,
    );
    expect(container.querySelector('strong')?.textContent).toBe('bold');
    expect(container.querySelector('pre code')?.textContent).toContain('const a = 1;');
    expect(container.querySelector('table td')?.textContent).toBe('1');
    expect(container.querySelector('.mention')?.textContent).toBe('@bob');
  });

  it('opens links in a new tab without handing over the opener', () => {
    const { container } = render(
      <MessageMarkdown content="see https://example.com/a and [docs](https://example.com/d)" />,
    );
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://example.com/a',
      'https://example.com/d',
    ]);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toContain('noopener');
    }
  });

  it('shows HTML as the text it is', () => {
    const { container } = render(<MessageMarkdown content={'<script>alert(1)</script> shown as text'} />);
    expect(container.textContent).toBe('<script>alert(1)</script> shown as text');
    expect(container.querySelector('script')).toBeNull();
  });

  it.each(CORPUS)('never turns %s into markup that runs', (content) => {
    const { container } = render(<MessageMarkdown content={content} />);
    expect(container.querySelector('script, iframe, svg, img, object, embed')).toBeNull();
    for (const element of container.querySelectorAll('*')) {
      for (const attribute of element.attributes) expect(attribute.name.startsWith('on')).toBe(false);
      const href = element.getAttribute('href') ?? '';
      expect(href).not.toMatch(/^\s*(javascript|data|vbscript):/i);
    }
  });
});
