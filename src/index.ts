/**
 * dl-workbook: the helper library behind the notebooks. Each module keeps to
 * one concept; this file lists what the library offers, and nothing of the
 * helpers the modules share among themselves.
 */
export { setupBackend, agreesWithCpu } from './backend';
export type { BackendInfo, SetupBackendArgs } from './backend';

export { loadCsv, describeLabels } from './csv';
export type { CsvDataset, LoadCsvArgs, MissingValues } from './csv';
export { stratifiedSplit, takeRows } from './split';
export type { Split, SplitFractions, SplitName, StratifiedSplitArgs } from './split';
export { StandardScaler, MinMaxScaler } from './scaler';
export type { MinMaxScalerArgs } from './scaler';
export { SimpleImputer } from './impute';
export type { ImputeStrategy, SimpleImputerArgs } from './impute';

export { denseClassifier, createOptimizer, predictProbabilities, disposeModel } from './model';
export type { DenseClassifierArgs, HiddenActivation, OptimizerName } from './model';
export { train, trainingEngine, splitValidation, NonFiniteLossError } from './train';
export { trainingProgress, formatEpoch } from './progress';
export type { TrainingProgressArgs } from './progress';
export type { Features, Labels, TrainArgs, TrainingEngine } from './train';
export { EarlyStopping, earlyStopping } from './callbacks';
export type { EarlyStoppingArgs, EpochLogs, TrainingCallback } from './callbacks';
export type { History } from './history';
export { saveModel, loadModel } from './io';

export {
  accuracy,
  confusionMatrix,
  evaluateBinary,
  f1,
  logLoss,
  majorityBaseline,
  precision,
  recall,
  rocAuc,
  rocCurve,
} from './metrics';
export type {
  BinaryEvaluation,
  ConfusionMatrix,
  EvaluateBinaryArgs,
  MajorityBaseline,
  RocCurve,
} from './metrics';

export { barFigure, confusionMatrixFigure, historyFigure, rocFigure } from './plot';
export type {
  BarFigureArgs,
  ConfusionMatrixFigureArgs,
  Figure,
  HistoryFigureArgs,
  Layout,
  RocFigureArgs,
  Trace,
} from './plot';
export { show, resetPlotly, ensurePlotly, figureHtml } from './show';
export { showTable, tableHtml, tableText } from './table';
export type { TableArgs, TableInput } from './table';

export { createRandom, shuffled } from './random';
export type { Random } from './random';
export { verify } from './check';
export { decisionBoundaryFigure, lossSurfaceFigure } from './surface-plot';
export type { DecisionBoundaryFigureArgs, LossPath, LossSurfaceFigureArgs } from './surface-plot';
export {
  parallelCoordinatesFigure,
  parameterScoreFigure,
  searchHistoryFigure,
} from './search-plot';
export type {
  ParallelCoordinatesFigureArgs,
  ParameterScoreFigureArgs,
  SearchFigureArgs,
  SearchHistoryFigureArgs,
  SearchTrial,
  TrialState,
} from './search-plot';
export { lineFigure } from './line-plot';
export type { LineFigureArgs, LineSeries } from './line-plot';

// Neural-network mathematics from scratch (typed arrays, no tfjs), as one namespace:
// scratch.createMlp, scratch.adam, scratch.gradientDescent, ...
export * as scratch from './scratch';
export { searchProgress } from './search-progress';
export type { SearchProgress, SearchProgressArgs } from './search-progress';

// Overfitting and validation: k-fold, cross-validation, learning curves, repeated seeds.
export { kFold } from './folds';
export type { Fold, KFoldArgs } from './folds';
export { crossValidate, learningCurve } from './validation';
export type {
  CrossValidateArgs,
  CrossValidation,
  FoldScores,
  LearningCurve,
  LearningCurveArgs,
  LearningCurvePoint,
  LearningCurveRun,
  RunTrainArgs,
  ScalerChoice,
  ValidationScores,
} from './validation';
export { repeatRuns } from './repeat';
export type { RepeatedRuns, RepeatRunsArgs, Scores } from './repeat';

// Hyperparameter search: spaces, grid/random/successive halving/Hyperband, stored in SQLite.
export { categorical, fixed, float, int } from './search/space';
export type {
  CategoricalParam,
  FixedParam,
  FloatParam,
  IntParam,
  ParamSpec,
  ParamValue,
  SearchSpace,
} from './search/space';
export { runSearch, SearchResult } from './search/study';
export type {
  HalvingArgs,
  ObjectiveModule,
  SearchArgs,
  SearchListener,
  TrialRecord,
  TrialRow,
} from './search/study';
export type { ObjectiveFunction, ParamsOf, Trial } from './search/runner';
export type { Direction, StrategyName } from './search/strategy';
