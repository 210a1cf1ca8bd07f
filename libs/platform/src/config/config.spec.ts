import { z } from 'zod';
import { ConfigError, env, loadConfig } from './config';

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
});
