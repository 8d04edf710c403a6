/** Test support: text from data that must never become markup. */

/** A column, class or parameter name that runs a script if it reaches the page as HTML. */
export const HOSTILE = '<img src=x onerror=alert(1)>';

/** Every string anywhere in a value, for checking that no raw markup survives in a figure. */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}
