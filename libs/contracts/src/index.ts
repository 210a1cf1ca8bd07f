export * from './events/topics';
export * from './events/payloads';
export * from './events/registry';
export * from './events/envelope';
export * from './rest/problem';
export * from './rest/pagination';
export * from './rest/users';
