/**
 * Export Login Records (seed 002): a zip archive holding one CSV, in the seed's sample layout. Times are
 * formatted with `dateTimeSecondsFormat` (default `M/d/yyyy hh:mm:ss a z`) in `zoneId` (default the
 * report time zone, America/Denver until a System Configuration API says otherwise). The location
 * columns stay empty: they are only filled with Advanced Threat Detection.
 *
 * The archive is streamed: records are read a page at a time and deflated as they come.
 */
import { Readable } from 'node:stream';
import { Zip, ZipDeflate } from 'fflate';
import { compilePattern, formatInstant } from './date-time-format.js';
import type { LoginRecordFilter, LoginRecordStore } from './login-record-store.js';
import type { DisplayableRawLogin } from './model.js';

export const DEFAULT_DATE_TIME_FORMAT = 'M/d/yyyy hh:mm:ss a z';
/** FusionAuth's default `systemConfiguration.reportTimezone`. */
export const DEFAULT_REPORT_ZONE = 'America/Denver';
export const EXPORT_FILE_NAME = 'login_records.csv';

const HEADER = ['User Id ', 'Time ', 'Application Id ', 'IP Address ', 'City ', 'Country ', 'Zipcode ', 'Region ', 'Latitude ', 'Longitude '];
const PAGE = 1000;

/** A CSV field: quoted when it holds a comma, quote or line break. */
function csv(value: string | undefined): string {
  if (value === undefined) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function line(record: DisplayableRawLogin, time: string): string {
  return [record.userId, csv(time), record.applicationId ?? '', csv(record.ipAddress), '', '', '', '', '', ''].join(',');
}

export interface ExportOptions {
  readonly dateTimeSecondsFormat: string;
  readonly zoneId: string;
}

/** The zip archive as a stream of bytes. `options.dateTimeSecondsFormat` must already be valid. */
export function exportLoginRecords(store: LoginRecordStore, filter: LoginRecordFilter, options: ExportOptions): Readable {
  const tokens = compilePattern(options.dateTimeSecondsFormat);
  async function* archive(): AsyncGenerator<Uint8Array> {
    const out: Uint8Array[] = [];
    let failure: Error | undefined;
    const zip = new Zip((error, chunk) => {
      if (error) failure = error;
      else out.push(chunk);
    });
    const file = new ZipDeflate(EXPORT_FILE_NAME, { level: 6 });
    zip.add(file);
    const encoder = new TextEncoder();
    let buffered = `${HEADER.map((h) => `"${h}"`).join(',')}\n`;
    let count = 0;
    for await (const record of store.each(filter, PAGE)) {
      buffered += `${line(record, formatInstant(record.instant, tokens, options.zoneId))}\n`;
      count += 1;
      if (count % PAGE === 0) {
        file.push(encoder.encode(buffered));
        buffered = '';
        if (failure) throw failure;
        yield* out.splice(0);
      }
    }
    file.push(encoder.encode(buffered), true);
    zip.end();
    if (failure) throw failure;
    yield* out.splice(0);
  }
  return Readable.from(archive());
}
