import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const millis = (fallback: number) => z.coerce.number().int().min(100).default(fallback);

/** Variables every service reads. */
export const BaseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  /** Where `GET /metrics` is served, apart from the API (default: the service port + 1000; 0: any free port). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  // How long a connection may take to send its headers, its whole request, or sit idle.
  HTTP_HEADERS_TIMEOUT_MS: millis(10_000),
  HTTP_REQUEST_TIMEOUT_MS: millis(60_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: millis(5_000),
  HTTP_IDLE_TIMEOUT_MS: millis(120_000),
  /** OTLP/HTTP collector base URL (spans go to `<url>/v1/traces`); unset: tracing off, SDK not loaded. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** The trace's `service.name` (default `colink-<app>`). */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
});

export type BaseConfig = z.infer<typeof BaseConfigSchema>;

/**
 * Values of `INTERNAL_AUTH_SECRET` that are written down somewhere (scripts, examples, tests): fine
 * on a laptop, refused in production.
 */
const KNOWN_LOCAL_SECRETS: readonly string[] = [
  'colink-local-internal-secret',
  'integration-test-internal-secret',
  'gateway-int-test-internal-secret',
  'change-me-to-a-long-random-string-of-48-characters',
];
const MIN_PRODUCTION_SECRET_LENGTH = 32;

/** What production refuses that development allows: a known or short shared secret. */
function productionProblems(config: Record<string, unknown>): string[] {
  if (config.NODE_ENV !== 'production') return [];
  const secret = config.INTERNAL_AUTH_SECRET;
  if (typeof secret !== 'string') return [];
  if (KNOWN_LOCAL_SECRETS.includes(secret))
    return ['INTERNAL_AUTH_SECRET: is a known local default; set a random secret in production'];
  if (secret.length < MIN_PRODUCTION_SECRET_LENGTH)
    return [
      `INTERNAL_AUTH_SECRET: must be at least ${MIN_PRODUCTION_SECRET_LENGTH} characters in production`,
    ];
  return [];
}

/**
 * Reads and validates the environment once, at start. Every problem is reported at once, each
 * naming its variable, so a misconfigured deployment fails fast with a message an operator can act on.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) {
    const problems = productionProblems(result.data as Record<string, unknown>);
    if (problems.length > 0) throw new ConfigError(problems);
    return result.data;
  }
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.map(String).join('.') || '(environment)';
    const value = env[name];
    return value === undefined
      ? `${name}: is required but not set (${issue.message})`
      : `${name}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}

/** Helpers for the common shapes of variables. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback),
  url: (fallback?: string) => (fallback === undefined ? z.url() : z.url().default(fallback)),
  list: (fallback: string) =>
    z
      .string()
      .default(fallback)
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      ),
  secret: () => z.string().min(16, 'must be at least 16 characters'),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((value) => value === 'true' || value === '1'),
};
