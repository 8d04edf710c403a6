/**
 * The data pipeline of the workbook in one import: load a labelled CSV file,
 * split its rows by class, and standardise the features.
 */
export { loadCsv } from './csv';
export type { CsvDataset, LoadCsvOptions } from './csv';
export { stratifiedSplit, takeRows } from './split';
export type { Split, SplitFractions, SplitName, StratifiedSplitOptions } from './split';
export { StandardScaler } from './scaler';
