// Engine switches for the official code's quirks that change results (docs/engine.md explains each).
export interface EngineOptions {
  /** FA conv feedback: 'independent' = genuine FA (fresh random B); 'w-init' = the official code's B = W at init. */
  faConvB: 'independent' | 'w-init';
}

export const defaultEngineOptions: EngineOptions = { faConvB: 'independent' };
