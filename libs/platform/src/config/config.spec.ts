import { z } from 'zod';
import { BaseConfigSchema, ConfigError, env, loadConfig } from './config';

describe('loadConfig', () => {
  const schema = z.object({
    PORT: env.port(3001),
    DATABASE_URL: env.url(),
    KAFKA_BROKERS: env.list('localhost:9092'),
  });

  it('applies defaults and parses values', () => {
    expect(
      loadConfig(schema, { DATABASE_URL: 'postgres://u:p@localhost:5432/colink', KAFKA_BROKERS: 'a:1, b:2' }),
    ).toEqual({
      PORT: 3001,
      DATABASE_URL: 'postgres://u:p@localhost:5432/colink',
      KAFKA_BROKERS: ['a:1', 'b:2'],
    });
  });

  it('names every missing or bad variable at once', () => {
    expect(() => loadConfig(schema, { PORT: 'eighty' })).toThrow(ConfigError);
    try {
      loadConfig(schema, { PORT: 'eighty' });
    } catch (error) {
      const message = (error as ConfigError).message;
      expect(message).toMatch(/PORT: /);
      expect(message).toMatch(/DATABASE_URL: is required but not set/);
    }
  });

  describe('in production', () => {
    const schema = BaseConfigSchema.extend({ INTERNAL_AUTH_SECRET: env.secret() });
    const load = (NODE_ENV: string, INTERNAL_AUTH_SECRET: string) => () =>
      loadConfig(schema, { NODE_ENV, INTERNAL_AUTH_SECRET });

    it('refuses a known local secret or one shorter than 32 characters, naming the variable', () => {
      expect(load('production', 'colink-local-internal-secret')).toThrow(
        /INTERNAL_AUTH_SECRET: is a known local default/,
      );
      expect(load('production', 'x'.repeat(31))).toThrow(
        /INTERNAL_AUTH_SECRET: must be at least 32 characters/,
      );
      expect(load('production', 'y'.repeat(32))).not.toThrow();
    });

    it('allows the local secret outside production', () => {
      expect(load('development', 'colink-local-internal-secret')).not.toThrow();
    });
  });
});
