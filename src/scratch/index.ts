/**
 * Neural-network mathematics from scratch, in plain TypeScript on typed
 * arrays and without tfjs: gradient descent, the optimizers, activations, a
 * multilayer perceptron with its backward pass, and a gradient checker. The
 * library exports it as the namespace `scratch`, so that its names (`adam`,
 * `sigmoid`) cannot clash with tfjs's or the library's own.
 */
export { gradientDescent } from './descent';
export type { DescentPath, GradientDescentArgs } from './descent';
export {
  adam,
  AdamOptimizer,
  momentum,
  MomentumOptimizer,
  rmsprop,
  RmspropOptimizer,
  sgd,
  SgdOptimizer,
} from './optimizers';
export type {
  AdamArgs,
  MomentumArgs,
  ParameterArray,
  RmspropArgs,
  ScratchOptimizer,
  SgdArgs,
} from './optimizers';
export {
  activations,
  LEAKY_RELU_ALPHA,
  leakyRelu,
  leakyReluWithSlope,
  linear,
  relu,
  sigmoid,
  tanh,
} from './activations';
export type { Activation, ActivationName, LeakyReluActivation } from './activations';
export { createMlp, Mlp } from './mlp';
export { toRows } from './rows';
export type {
  CreateMlpArgs,
  MlpDtype,
  MlpEpochLogs,
  MlpFitArgs,
  MlpForwardCache,
  MlpGradients,
  MlpHistory,
  MlpInput,
  MlpLayerWeights,
  MlpTargets,
} from './mlp';
export { checkMlpGradients, gradientCheck } from './gradcheck';
export type { CheckMlpGradientsArgs, GradientCheckArgs, GradientCheckResult } from './gradcheck';
export { twoMoons, xor } from './toy-data';
export type { ToyDataset, TwoMoonsArgs } from './toy-data';
