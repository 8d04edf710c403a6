/**
 * Kept so that imports from `./display` still work: charts now live in
 * `./show` and tables in `./table`.
 */
export * from './show';
export * from './table';
