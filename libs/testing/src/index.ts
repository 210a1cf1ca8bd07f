export * from './stack-env';
export * from './wait';
export * from './topic-reader';
