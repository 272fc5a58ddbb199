/**
 * Login records (seed 002 "Search Login Records", "Export Login Records"; seed 001 "Retrieve Recent
 * Logins"). Criteria: user, application, inclusive `start`/`end` instants, paging. A request scoped to a
 * tenant sees only that tenant's records.
 */
import type { Readable } from 'node:stream';
import { ValidationError } from '../../core/errors.js';
import { isUuid, normalizeId } from '../../core/ids.js';
import { pageOf } from '../../core/pagination.js';
import { compilePattern, InvalidPatternError, isKnownZone } from './date-time-format.js';
import { DEFAULT_DATE_TIME_FORMAT, DEFAULT_REPORT_ZONE, exportLoginRecords } from './login-record-export.js';
import type { LoginRecordFilter, LoginRecordStore } from './login-record-store.js';
import type { DisplayableRawLogin } from './model.js';

export interface LoginRecordCriteria {
  readonly userId?: string;
  readonly applicationId?: string;
  readonly start?: number;
  readonly end?: number;
  readonly startRow?: number;
  readonly numberOfResults?: number;
}

export interface LoginRecordSearchResult {
  logins: DisplayableRawLogin[];
  total?: number;
}

export interface LoginRecordService {
  search(criteria: LoginRecordCriteria, retrieveTotal: boolean, explicitTenantId?: string): Promise<LoginRecordSearchResult>;
  recent(query: { userId?: string; offset?: number; limit?: number }, explicitTenantId?: string): Promise<{ logins: DisplayableRawLogin[] }>;
  export(criteria: LoginRecordCriteria, format: { dateTimeSecondsFormat?: string; zoneId?: string }, explicitTenantId?: string): Readable;
}

/** The recent-login API's default page (FusionAuth: 10). */
const DEFAULT_RECENT_LIMIT = 10;

function filterOf(criteria: LoginRecordCriteria, prefix: string, explicitTenantId: string | undefined, errors: ValidationError): LoginRecordFilter {
  const id = (name: 'userId' | 'applicationId'): string | undefined => {
    const value = criteria[name];
    if (value === undefined) return undefined;
    if (!isUuid(value)) {
      errors.add(`${prefix}${name}`, 'couldNotConvert', `The [${prefix}${name}] value [${value}] is not a valid UUID.`);
      return undefined;
    }
    return normalizeId(value);
  };
  const userId = id('userId');
  const applicationId = id('applicationId');
  if (criteria.start !== undefined && criteria.end !== undefined && criteria.end < criteria.start) {
    errors.add(`${prefix}end`, 'invalid', `The [${prefix}end] instant must not be before the [${prefix}start] instant.`);
  }
  return {
    ...(userId !== undefined ? { userId } : {}),
    ...(applicationId !== undefined ? { applicationId } : {}),
    ...(criteria.start !== undefined ? { start: criteria.start } : {}),
    ...(criteria.end !== undefined ? { end: criteria.end } : {}),
    ...(explicitTenantId !== undefined ? { tenantId: explicitTenantId } : {}),
  };
}

export function createLoginRecordService(store: LoginRecordStore): LoginRecordService {
  return {
    async search(criteria, retrieveTotal, explicitTenantId) {
      const errors = new ValidationError();
      const filter = filterOf(criteria, 'search.', explicitTenantId, errors);
      errors.throwIfAny();
      const page = pageOf(criteria);
      const logins = await store.search(filter, page.startRow, page.numberOfResults);
      return retrieveTotal ? { logins, total: await store.count(filter) } : { logins };
    },

    async recent({ userId, offset, limit }, explicitTenantId) {
      const errors = new ValidationError();
      const filter = filterOf(userId !== undefined ? { userId } : {}, '', explicitTenantId, errors);
      if (offset !== undefined && offset < 0) errors.add('offset', 'invalid', 'The [offset] must be greater than or equal to 0.');
      if (limit !== undefined && limit < 0) errors.add('limit', 'invalid', 'The [limit] must be greater than or equal to 0.');
      errors.throwIfAny();
      return { logins: await store.recent(filter, offset ?? 0, limit ?? DEFAULT_RECENT_LIMIT) };
    },

    export(criteria, format, explicitTenantId) {
      const errors = new ValidationError();
      const filter = filterOf(criteria, 'criteria.', explicitTenantId, errors);
      const dateTimeSecondsFormat = format.dateTimeSecondsFormat ?? DEFAULT_DATE_TIME_FORMAT;
      const zoneId = format.zoneId ?? DEFAULT_REPORT_ZONE;
      try {
        compilePattern(dateTimeSecondsFormat);
      } catch (error) {
        if (!(error instanceof InvalidPatternError)) throw error;
        errors.add('dateTimeSecondsFormat', 'invalid', `The [dateTimeSecondsFormat] value [${dateTimeSecondsFormat}] is not a valid date time format. ${error.message}.`);
      }
      if (!isKnownZone(zoneId)) errors.add('zoneId', 'invalid', `The [zoneId] value [${zoneId}] is not a valid time zone.`);
      errors.throwIfAny();
      return exportLoginRecords(store, filter, { dateTimeSecondsFormat, zoneId });
    },
  };
}
