/** One access-log line a service wrote ("request completed" / "request errored"), as JSON. */
export interface AccessLine {
  msg: string;
  level?: number;
  service?: string;
  request_id?: string;
  trace_id?: string;
  req?: { method?: string; url?: string };
  res?: { status_code?: number };
}

/** The access-log lines in a service's output (its pino JSON lines; anything else is skipped). */
export function accessLines(output: string): AccessLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as AccessLine)
    .filter((line) => /^request (completed|errored)$/.test(line.msg));
}

/** How many requests a service's `/metrics` counted for one method, route template and status. */
export async function requestCount(
  metricsUrl: string,
  labels: { method: string; route: string; status: number },
): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(
    `http_request_duration_seconds_count\\{(?=[^}]*method="${escape(labels.method)}")(?=[^}]*route="${escape(labels.route)}")(?=[^}]*status_code="${labels.status}")[^}]*\\} (\\d+)`,
  );
  return Number(pattern.exec(text)?.[1] ?? 0);
}

/**
 * Runs `step`; when it fails, the error carries the last lines each service printed (its warnings
 * and errors say why a wait timed out: a scan deferred, a dependency refused), so a failure in CI
 * explains itself without a rerun.
 */
export async function explainedBy<T>(
  services: Array<{ app: string; output: string }>,
  step: () => Promise<T>,
  lines = 40,
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    // Access-log lines say little about a stalled wait and would crowd out what does.
    const tails = services.map((service) => {
      const kept = service.output.split('\n').filter((line) => !/"msg":"request completed"/.test(line));
      return `--- last ${lines} lines of ${service.app} (access lines left out):\n${kept.slice(-lines).join('\n')}`;
    });
    if (error instanceof Error) {
      error.message = [error.message, ...tails].join('\n');
      // Jest prints the stack, which was written with the first message: the tails go there too.
      if (error.stack) error.stack = [error.stack, ...tails].join('\n');
    }
    throw error;
  }
}
