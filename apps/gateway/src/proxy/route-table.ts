import type { OpenApiDocument } from '@colink/platform';

const OPERATIONS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * One level of the table: the templates' literal segments by value, and their parameters (a
 * parameter's pattern, shared by the templates that declare the same one). `methods` is set where a
 * template ends.
 */
interface Node {
  literals: Map<string, Node>;
  parameters: Map<string, { matcher: RegExp; node: Node }>;
  /** Upper-case methods, HEAD included wherever GET is. */
  methods?: Set<string>;
}

const ANY_SEGMENT = /^[^/]+$/u;

function node(): Node {
  return { literals: new Map(), parameters: new Map() };
}

interface Parameter {
  name?: string;
  in?: string;
  schema?: { pattern?: string };
}

/** The parameter's declared pattern, whole-segment, or null when it has none (or none JavaScript reads). */
function parameterPattern(operations: Record<string, unknown>, name: string): RegExp | null {
  for (const operation of Object.values(operations)) {
    const parameters = ((operation as { parameters?: Parameter[] }).parameters ?? []).filter(
      (parameter) => parameter.in === 'path' && parameter.name === name,
    );
    const pattern = parameters[0]?.schema?.pattern;
    if (!pattern) continue;
    try {
      return new RegExp(pattern, 'u');
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The methods each public path supports, read from the merged OpenAPI: what lets the gateway answer
 * 405 with `Allow` for a method a resource does not have, instead of forwarding it. A path parameter
 * matches only what its schema allows (`/files/upload-url` is not `/files/{id}` when `id` is a uuid).
 */
export class RouteTable {
  /** The templates as a tree of segments: a lookup walks the path's segments, not every template. */
  private readonly root = node();

  constructor(document: OpenApiDocument) {
    for (const [template, operations] of Object.entries(document.paths)) {
      const methods = OPERATIONS.filter((method) => method in operations).map((method) =>
        method.toUpperCase(),
      );
      if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
      let at = this.root;
      for (const part of template.split('/').filter(Boolean)) {
        const parameter = /^\{([^}]+)\}$/.exec(part);
        if (!parameter) {
          const next = at.literals.get(part) ?? node();
          at.literals.set(part, next);
          at = next;
          continue;
        }
        const matcher = parameterPattern(operations, parameter[1]) ?? ANY_SEGMENT;
        const key = `${matcher.source}/${matcher.flags}`;
        const next = at.parameters.get(key) ?? { matcher, node: node() };
        at.parameters.set(key, next);
        at = next.node;
      }
      at.methods = new Set([...(at.methods ?? []), ...methods]);
    }
  }

  /**
   * The methods of every template that matches (`/users/me` matches `/users/me` and `/users/{id}`),
   * or `null` when none does. `path` is percent-encoded segment by segment, as the proxy forwards it.
   */
  allowed(path: string): string[] | null {
    const segments = path
      .split('/')
      .filter(Boolean)
      .map((segment) => {
        try {
          return decodeURIComponent(segment);
        } catch {
          return segment;
        }
      });
    const methods = new Set<string>();
    let matched = false;
    const walk = (at: Node, index: number): void => {
      if (index === segments.length) {
        if (!at.methods) return;
        matched = true;
        for (const method of at.methods) methods.add(method);
        return;
      }
      const segment = segments[index];
      const literal = at.literals.get(segment);
      if (literal) walk(literal, index + 1);
      for (const { matcher, node: next } of at.parameters.values())
        if (matcher.test(segment)) walk(next, index + 1);
    };
    walk(this.root, 0);
    return matched ? [...methods] : null;
  }
}
