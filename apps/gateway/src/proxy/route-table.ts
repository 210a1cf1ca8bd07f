import type { OpenApiDocument } from '@colink/platform';

const OPERATIONS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface RouteEntry {
  pattern: RegExp;
  /** Upper-case methods, HEAD included wherever GET is. */
  methods: string[];
}

/**
 * The methods each public path supports, read from the merged OpenAPI: what lets the gateway answer
 * 405 with `Allow` for a method a resource does not have, instead of forwarding it.
 */
export class RouteTable {
  private readonly entries: RouteEntry[];

  constructor(document: OpenApiDocument) {
    this.entries = Object.entries(document.paths).map(([template, operations]) => {
      const methods = OPERATIONS.filter((method) => method in operations).map((method) =>
        method.toUpperCase(),
      );
      if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
      const source = template
        .split('/')
        .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      return { pattern: new RegExp(`^${source}/?$`), methods };
    });
  }

  /**
   * The methods of every template that matches (`/users/me` matches `/users/me` and `/users/{id}`),
   * or `null` when none does.
   */
  allowed(path: string): string[] | null {
    const methods = new Set<string>();
    let matched = false;
    for (const entry of this.entries) {
      if (!entry.pattern.test(path)) continue;
      matched = true;
      for (const method of entry.methods) methods.add(method);
    }
    return matched ? [...methods] : null;
  }
}
