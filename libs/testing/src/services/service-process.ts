import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../wait';

const root = join(__dirname, '..', '..', '..', '..');

function builtEntry(app: string): string {
  return join(root, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');
}

/** A built service run as its own process, the way `tools/colink up` and the Dockerfile run it. */
export class ServiceProcess {
  private child?: ChildProcess;
  output = '';

  constructor(
    readonly app: string,
    readonly port: number,
    private env: NodeJS.ProcessEnv = {},
  ) {}

  /** The process id while it runs (for its /proc entries). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Adds to the environment the process starts with. */
  setEnv(env: NodeJS.ProcessEnv): this {
    this.env = { ...this.env, ...env };
    return this;
  }

  start(): this {
    const entry = builtEntry(this.app);
    if (!existsSync(entry)) throw new Error(`${entry} is missing: build first (nx run ${this.app}:build)`);
    this.child = spawn(process.execPath, [entry], {
      // METRICS_PORT 0: any free port, so parallel test services never collide on the metrics port.
      env: { ...process.env, LOG_LEVEL: 'warn', METRICS_PORT: '0', ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk) => (this.output += chunk.toString()));
    return this;
  }

  /** Resolves with the exit code once the process ends. */
  exited(): Promise<number | null> {
    const child = this.child;
    if (!child) return Promise.resolve(null);
    // A process killed by a signal keeps exitCode null: signalCode says it has ended.
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
    return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Resolves once `/ready` answers 200; fails at once, with the process's last output, if it ends first. */
  async ready(timeoutMs = 30_000): Promise<void> {
    const state = await waitFor(
      `${this.app} to be ready`,
      async () => {
        const child = this.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return 'ended' as const;
        const response = await fetch(`${this.url}/ready`);
        return response.status === 200 && ('ready' as const);
      },
      timeoutMs,
      250,
    );
    if (state === 'ended')
      throw new Error(`${this.app} ended before it was ready: ${this.output.slice(-1500)}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await this.exited();
    clearTimeout(timer);
  }
}
