/** Addresses of the local stack, with the defaults of API.md; `tools/colink stack up` writes them to .stack/env. */
export const stackEnv = {
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://colink:colink@localhost:5432/colink',
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(','),
  redisUrl: process.env.REDIS_URL ?? 'redis://localhost:6379',
  mongodbUrl: process.env.MONGODB_URL ?? 'mongodb://localhost:27017/colink_files',
  s3Endpoint: process.env.S3_ENDPOINT ?? 'http://localhost:9000',
  s3Bucket: process.env.S3_BUCKET ?? 'colink-files',
  s3AccessKey: process.env.S3_ACCESS_KEY ?? 'colink',
  s3SecretKey: process.env.S3_SECRET_KEY ?? 'colink-secret',
  keycloakUrl: process.env.KEYCLOAK_URL ?? 'http://localhost:8180',
  opensearchUrl: process.env.OPENSEARCH_URL ?? 'http://localhost:9200',
  clamdHost: process.env.CLAMD_HOST ?? '127.0.0.1',
  clamdPort: Number(process.env.CLAMD_PORT ?? 3310),
  prometheusUrl: process.env.PROMETHEUS_URL ?? 'http://localhost:9090',
  gatewayUrl: process.env.COLINK_GATEWAY_URL ?? 'http://localhost:8080',
};
