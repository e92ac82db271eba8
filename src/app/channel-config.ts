/**
 * What each provider's configuration holds and which of its fields are secret: the providers' own
 * `PROVIDER_CONFIG` (src/channels/config.ts), read here so `channels.ts` has one place to take it from.
 */
export { PROVIDER_CONFIG } from '../channels/index.js';
