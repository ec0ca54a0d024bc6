import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '../../server/config.ts';

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string[] };
  ports?: string[];
  volumes?: string[];
}

// `merge: true`: the nodes share one definition through a YAML merge key (`<<: *tallyroom`), as compose reads it.
const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, Service> };
const tallyrooms = Object.entries(compose.services).filter(([, s]) => s.build === '.');
const nginx = readFileSync('deploy/nginx.conf', 'utf8');

describe('docker-compose.yml', () => {
  it('runs Redis, two Tallyroom nodes built from this repository, and a load balancer', () => {
    expect(compose.services.redis?.image).toMatch(/^redis:/);
    expect(tallyrooms.length).toBe(2);
    expect(compose.services.lb?.image).toMatch(/^nginx:/);
  });

  it.each(tallyrooms)('%s sets only variables the config knows, and they parse', (_name, service) => {
    const env = service.environment ?? {};
    expect(Object.keys(env).filter((k) => !(CONFIG_VARIABLES as readonly string[]).includes(k))).toEqual([]);
    expect(() => loadConfig(env)).not.toThrow();
    expect(loadConfig(env)).toMatchObject({ redisUrl: 'redis://redis:6379', env: 'production' });
    expect(service.depends_on).toHaveProperty('redis');
  });

  it('checks every service, and a node is healthy only when /readyz says so', () => {
    for (const [name, service] of Object.entries(compose.services)) expect({ name, check: Boolean(service.healthcheck?.test?.length) }).toEqual({ name, check: true });
    for (const [, node] of tallyrooms) expect(node.healthcheck!.test!.join(' ')).toContain('/readyz');
  });

  it('puts the load balancer in front of every node once healthy, with its config mounted', () => {
    const lb = compose.services.lb!;
    for (const [name] of tallyrooms) {
      expect(lb.depends_on?.[name]?.condition).toBe('service_healthy');
      expect(nginx).toContain(`server ${name}:3000`);
    }
    expect(lb.volumes).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(lb.ports).toContain('3000:80');
  });

  it('the load balancer passes WebSocket upgrades, keeps polling sessions sticky, and hides /metrics', () => {
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(nginx).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(nginx).toMatch(/proxy_http_version 1\.1;/);
    expect(nginx).toMatch(/hash \$remote_addr consistent;/);
    expect(nginx).toMatch(/location = \/metrics \{ deny all; \}/);
  });

  it('the README documents every variable', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(CONFIG_VARIABLES.filter((v) => !readme.includes(`\`${v}\``))).toEqual([]);
  });
});
