import type { OpenApiDocument } from '@colink/platform';

const OPERATIONS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** A literal segment, or a path parameter with the pattern its schema declares (any segment without one). */
type SegmentMatcher = string | RegExp;

interface RouteEntry {
  segments: SegmentMatcher[];
  /** Upper-case methods, HEAD included wherever GET is. */
  methods: string[];
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
  private readonly entries: RouteEntry[];

  constructor(document: OpenApiDocument) {
    this.entries = Object.entries(document.paths).map(([template, operations]) => {
      const methods = OPERATIONS.filter((method) => method in operations).map((method) =>
        method.toUpperCase(),
      );
      if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
      const segments = template
        .split('/')
        .filter(Boolean)
        .map((part): SegmentMatcher => {
          const parameter = /^\{([^}]+)\}$/.exec(part);
          if (!parameter) return part;
          return parameterPattern(operations, parameter[1]) ?? /^[^/]+$/u;
        });
      return { segments, methods };
    });
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
    for (const entry of this.entries) {
      if (entry.segments.length !== segments.length) continue;
      const fits = entry.segments.every((matcher, index) =>
        typeof matcher === 'string' ? matcher === segments[index] : matcher.test(segments[index]),
      );
      if (!fits) continue;
      matched = true;
      for (const method of entry.methods) methods.add(method);
    }
    return matched ? [...methods] : null;
  }
}
