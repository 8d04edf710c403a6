/**
 * dl-workbook: the helper library behind the notebooks. Each module keeps to
 * one concept; this file only re-exports them.
 */
export * from './backend';
export * from './callbacks';
export * from './check';
export * from './data';
export * from './display';
export * from './history';
export * from './io';
export * from './metrics';
export * from './model';
export * from './plot';
export * from './random';
export * from './train';
