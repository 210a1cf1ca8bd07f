import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ALL_TOPICS, TOPIC_PARTITIONS } from './events/topics';
import { SERVICES, serviceUrl } from './topology';

const root = join(__dirname, '..', '..', '..');

describe('the topology written once', () => {
  it('gives every topic at least one partition', () => {
    for (const topic of ALL_TOPICS) expect(TOPIC_PARTITIONS[topic]).toBeGreaterThanOrEqual(1);
  });

  it('gives every service ports of its own, its metrics port 1000 above its API port', () => {
    const ports = Object.values(SERVICES).flatMap((service) => [service.port, service.metricsPort]);
    expect(new Set(ports).size).toBe(ports.length);
    for (const service of Object.values(SERVICES)) expect(service.metricsPort).toBe(service.port + 1000);
    expect(serviceUrl('users')).toBe('http://127.0.0.1:3001');
  });

  it('matches deploy/topology.env and deploy/prometheus/prometheus.yml, generated from it', () => {
    const result = spawnSync(process.execPath, [join(root, 'tools', 'topology', 'write.mjs'), '--check'], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
