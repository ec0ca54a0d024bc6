import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '../../server/config.ts';

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown>;
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, Service> };
const tallyrooms = Object.entries(compose.services).filter(([, s]) => s.build === '.');

describe('docker-compose.yml', () => {
  it('runs Redis and at least one Tallyroom server built from this repository', () => {
    expect(compose.services.redis?.image).toMatch(/^redis:/);
    expect(tallyrooms.length).toBeGreaterThan(0);
  });

  it.each(tallyrooms)('%s sets only variables the config knows, and they parse', (_name, service) => {
    const env = service.environment ?? {};
    expect(Object.keys(env).filter((k) => !(CONFIG_VARIABLES as readonly string[]).includes(k))).toEqual([]);
    expect(() => loadConfig(env)).not.toThrow();
    expect(loadConfig(env)).toMatchObject({ redisUrl: 'redis://redis:6379', env: 'production' });
    expect(service.depends_on).toHaveProperty('redis');
  });

  it('the README documents every variable', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(CONFIG_VARIABLES.filter((v) => !readme.includes(`\`${v}\``))).toEqual([]);
  });
});
