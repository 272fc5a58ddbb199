/** FusionAuth's BaseSearchCriteria paging: `startRow` (default 0) and `numberOfResults` (default 25). */
import { ValidationError } from './errors.js';

export interface Page {
  readonly startRow: number;
  readonly numberOfResults: number;
}

export function pageOf(criteria: { startRow?: unknown; numberOfResults?: unknown }, prefix = 'search'): Page {
  const errors = new ValidationError();
  const startRow = criteria.startRow ?? 0;
  const numberOfResults = criteria.numberOfResults ?? 25;
  if (typeof startRow !== 'number' || !Number.isInteger(startRow) || startRow < 0) {
    errors.add(`${prefix}.startRow`, 'invalid', 'The [startRow] must be an integer greater than or equal to 0.');
  }
  if (typeof numberOfResults !== 'number' || !Number.isInteger(numberOfResults) || numberOfResults < 0) {
    errors.add(`${prefix}.numberOfResults`, 'invalid', 'The [numberOfResults] must be an integer greater than or equal to 0.');
  }
  errors.throwIfAny();
  return { startRow: startRow as number, numberOfResults: numberOfResults as number };
}
