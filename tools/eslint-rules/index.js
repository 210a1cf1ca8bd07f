// CoLink's house lint rules. Nx loads this folder (its convention for tools/eslint-rules) and
// registers each rule as `@nx/workspace-<name>`; eslint.config.mjs turns them on.
import validatedRouteInput from './validated-route-input.mjs';

export const rules = {
  'validated-route-input': validatedRouteInput,
};
