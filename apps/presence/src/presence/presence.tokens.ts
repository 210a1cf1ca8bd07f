/** The validated presence config, for the providers of the presence feature. */
export const PRESENCE_CONFIG = Symbol('PRESENCE_CONFIG');
