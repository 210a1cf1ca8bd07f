/** The service's validated config, injected where a class needs a setting. */
export const FILES_CONFIG = Symbol('FILES_CONFIG');
