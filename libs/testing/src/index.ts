export * from './stack-env';
export * from './wait';
export * from './topic-reader';
export * from './keycloak';
export * from './gateway-client';
export * from './services/service-process';
export * from './services/platform-processes';
export * from './kafka-groups';
