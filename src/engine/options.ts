// Engine switches for the official code's quirks that change results (docs/engine.md explains each).
export interface EngineOptions {
  /** FA conv feedback: 'independent' = genuine FA (fresh random B); 'w-init' = the official code's B = W at init. */
  faConvB: 'independent' | 'w-init';
  /** FA linear feedback: 'official' = the official Linear_FA's B ~ U(−1, 1) (≈ √fan_in/√6 × W's scale);
   *  'scaled' = W's own distribution, U(±√(6/fan_in)). */
  faBInit: 'official' | 'scaled';
}

export const defaultEngineOptions: EngineOptions = { faConvB: 'independent', faBInit: 'official' };
