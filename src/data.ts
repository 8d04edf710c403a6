/**
 * The data pipeline of the workbook in one import: load a labelled CSV file,
 * split its rows by class, fill in missing values and scale the features.
 */
export { describeLabels, loadCsv } from './csv';
export type { CsvDataset, LoadCsvOptions, MissingValues } from './csv';
export { stratifiedSplit, takeRows } from './split';
export type { Split, SplitFractions, SplitName, StratifiedSplitOptions } from './split';
export { MinMaxScaler, StandardScaler } from './scaler';
export type { ColumnScaler, MinMaxScalerOptions } from './scaler';
export { SimpleImputer } from './impute';
export type { ImputeStrategy, SimpleImputerOptions } from './impute';
