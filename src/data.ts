/**
 * The data pipeline of the workbook in one import: load a labelled CSV file,
 * split its rows by class, fill in missing values and scale the features.
 */
export { describeLabels, loadCsv } from './csv';
export type { CsvDataset, LoadCsvArgs, MissingValues } from './csv';
export { stratifiedSplit, takeRows } from './split';
export type { Split, SplitFractions, SplitName, StratifiedSplitArgs } from './split';
export { MinMaxScaler, StandardScaler } from './scaler';
export type { ColumnScaler, MinMaxScalerArgs } from './scaler';
export { SimpleImputer } from './impute';
export type { ImputeStrategy, SimpleImputerArgs } from './impute';
