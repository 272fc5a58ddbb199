/**
 * Java `DateTimeFormatter` patterns (the export's `dateTimeSecondsFormat`, default
 * `M/d/yyyy hh:mm:ss a z`), rendered in a time zone (`zoneId`, IANA names and their aliases such as
 * `US/Mountain`). Supports the letters a report format uses: y u M L d D E H h k K m s S a z Z X x V,
 * quoted text ('…', '' for a quote) and punctuation. Any other letter is refused, like Java does.
 */
export class InvalidPatternError extends Error {}

interface Parts {
  year: number; month: number; day: number; hour: number; minute: number; second: number; millisecond: number;
  weekday: number; dayOfYear: number; offsetMinutes: number; shortZone: string; longZone: string; zoneId: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** True when `zoneId` names a time zone the runtime knows. */
export function isKnownZone(zoneId: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zoneId });
    return true;
  } catch {
    return false;
  }
}

/** Intl formatters are costly to build: one per zone and purpose, reused for every record of an export. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let found = formatters.get(key);
  if (found === undefined) {
    if (formatters.size > 256) formatters.clear();
    formatters.set(key, (found = make()));
  }
  return found;
}

function zoneName(instant: number, zoneId: string, style: 'short' | 'long'): string {
  const names = formatter(`${style}|${zoneId}`, () => new Intl.DateTimeFormat('en-US', { timeZone: zoneId, timeZoneName: style }));
  return names.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? zoneId;
}

function partsOf(instant: number, zoneId: string): Parts {
  const fields = formatter(`fields|${zoneId}`, () => new Intl.DateTimeFormat('en-US', {
    timeZone: zoneId, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  })).formatToParts(instant);
  const get = (type: string): number => Number(fields.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offsetMinutes = Math.round((local - (instant - (instant % 1000 + 1000) % 1000)) / 60_000);
  const date = new Date(local);
  return {
    year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second'),
    millisecond: ((instant % 1000) + 1000) % 1000,
    weekday: date.getUTCDay(),
    dayOfYear: Math.floor((local - Date.UTC(get('year'), 0, 1)) / 86_400_000) + 1,
    offsetMinutes,
    shortZone: zoneName(instant, zoneId, 'short'),
    longZone: zoneName(instant, zoneId, 'long'),
    zoneId,
  };
}

const pad = (value: number, width: number): string => String(Math.abs(value)).padStart(width, '0');

function offset(minutes: number, colon: boolean, zForZero: boolean): string {
  if (minutes === 0 && zForZero) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const hours = pad(Math.floor(Math.abs(minutes) / 60), 2);
  const rest = pad(Math.abs(minutes) % 60, 2);
  return `${sign}${hours}${colon ? ':' : ''}${rest}`;
}

function text(full: string, count: number): string {
  return count >= 4 ? full : full.slice(0, 3);
}

function field(letter: string, count: number, p: Parts): string {
  switch (letter) {
    case 'y': case 'u': return count === 2 ? pad(p.year % 100, 2) : pad(p.year, count);
    case 'M': case 'L': return count >= 3 ? text(MONTHS[p.month - 1]!, count) : pad(p.month, count);
    case 'd': return pad(p.day, count);
    case 'D': return pad(p.dayOfYear, count);
    case 'E': return text(DAYS[p.weekday]!, count);
    case 'H': return pad(p.hour, count);
    case 'k': return pad(p.hour === 0 ? 24 : p.hour, count);
    case 'h': return pad(p.hour % 12 === 0 ? 12 : p.hour % 12, count);
    case 'K': return pad(p.hour % 12, count);
    case 'm': return pad(p.minute, count);
    case 's': return pad(p.second, count);
    case 'S': return pad(p.millisecond, 3).padEnd(count, '0').slice(0, count);
    case 'a': return p.hour < 12 ? 'AM' : 'PM';
    case 'z': return count >= 4 ? p.longZone : p.shortZone;
    case 'Z': return count >= 4 ? `GMT${offset(p.offsetMinutes, true, false)}` : offset(p.offsetMinutes, false, false);
    case 'X': return offset(p.offsetMinutes, count >= 3, true);
    case 'x': return offset(p.offsetMinutes, count >= 3, false);
    case 'V': return p.zoneId;
    default: throw new InvalidPatternError(`Unsupported pattern letter [${letter}]`);
  }
}

type Token = { literal: string } | { letter: string; count: number };

/** Splits a pattern into literals and letter runs; throws InvalidPatternError for an unknown letter. */
export function compilePattern(pattern: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        tokens.push({ literal: "'" });
        i += 2;
        continue;
      }
      const close = pattern.indexOf("'", i + 1);
      if (close < 0) throw new InvalidPatternError('Unterminated quote');
      tokens.push({ literal: pattern.slice(i + 1, close) });
      i = close + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j += 1;
      if (!'yuMLdDEHkhKmsSazZXxV'.includes(c)) throw new InvalidPatternError(`Unsupported pattern letter [${c}]`);
      tokens.push({ letter: c, count: j - i });
      i = j;
    } else {
      tokens.push({ literal: c });
      i += 1;
    }
  }
  return tokens;
}

export function formatInstant(instant: number, tokens: readonly Token[], zoneId: string): string {
  const parts = partsOf(instant, zoneId);
  return tokens.map((t) => ('literal' in t ? t.literal : field(t.letter, t.count, parts))).join('');
}
