/**
 * Records the SQL Gatehouse runs for one request, so bench/sql-floor.ts can replay exactly it. Gatehouse
 * is restarted on the benchmarked database with bench/sql-trace.ts loaded; requests are sent one at a
 * time and the trace lines each one added are its statements, bound parameters included. A request is
 * recorded twice: parameters that differ between the two runs (instants, new ids, token hashes) are
 * marked fresh and made anew on every replay, everything else is replayed as recorded.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** A value Gatehouse makes anew per request; `sample` is what the first recording held. */
export interface Fresh {
  readonly fresh: 'now' | 'uuid' | 'tokenHash' | 'stamped';
  readonly sample: string | number;
}
export type Param = string | number | null | Fresh | readonly Param[];
export interface Step {
  readonly sql: string;
  readonly method: 'run' | 'get' | 'all' | 'iterate';
  readonly args: readonly Param[];
}
export interface Captured {
  readonly steps: readonly Step[];
  readonly response: Record<string, unknown>;
}
export interface FloorPlan {
  /** The pragmas Gatehouse opened its database with (journal mode, synchronous, checkpointing...). */
  readonly pragmas: readonly string[];
  /** GET /api/user/{id}, by user id. */
  readonly users: Record<string, Captured>;
  /** POST /api/login, by loginId. */
  readonly logins: Record<string, Captured>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const EPOCH_MS = /\d{13}/;

export const isList = (param: Param): param is readonly Param[] => Array.isArray(param);

/** `first` with every leaf that differs in `second` marked fresh; throws on a difference it cannot remake. */
function freshen(first: Param, second: Param): Param {
  if (isList(first) && isList(second) && first.length === second.length) return first.map((item, i) => freshen(item, second[i]!));
  if (first === second) return first;
  if (typeof first === 'number') return { fresh: 'now', sample: first };
  if (typeof first === 'string' && UUID.test(first)) return { fresh: 'uuid', sample: first };
  if (typeof first === 'string' && SHA256_HEX.test(first)) return { fresh: 'tokenHash', sample: first };
  if (typeof first === 'string' && EPOCH_MS.test(first)) return { fresh: 'stamped', sample: first };
  throw new Error(`a parameter varies in a way the floor cannot remake: ${JSON.stringify(first)} / ${JSON.stringify(second)}`);
}

function sameShape(first: readonly Step[], second: readonly Step[]): Step[] {
  if (first.length !== second.length || first.some((step, i) => step.sql !== second[i]!.sql)) {
    throw new Error(`two identical requests ran different SQL:\n${first.map((s) => s.sql).join('\n')}\n--\n${second.map((s) => s.sql).join('\n')}`);
  }
  return first.map((step, i) => ({ ...step, args: step.args.map((arg, j) => freshen(arg, second[i]!.args[j]!)) }));
}

export class SqlTrace {
  private offset = 0;

  constructor(private readonly file: string) {}

  /** Every statement traced since the last call. */
  private take(): Step[] {
    const fd = openSync(this.file, 'r');
    try {
      const added = Buffer.alloc(fstatSync(fd).size - this.offset);
      this.offset += readSync(fd, added, 0, added.length, this.offset);
      return added.toString('utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Step);
    } finally {
      closeSync(fd);
    }
  }

  /** The pragmas Gatehouse opened the database with: its first statements, before migrations and Kickstart. */
  pragmas(): string[] {
    const steps = this.take();
    const end = steps.findIndex((step) => !/^PRAGMA /i.test(step.sql));
    return steps.slice(0, end === -1 ? steps.length : end).map((step) => step.sql);
  }

  /** `send` twice, alone; its statements with the per-request values marked, and its second response. */
  async request(send: () => Promise<Response>): Promise<Captured> {
    const runs: { steps: Step[]; response: Record<string, unknown> }[] = [];
    for (let i = 0; i < 2; i++) {
      this.take();
      const response = await send();
      if (!response.ok) throw new Error(`recording a request: ${response.status} ${await response.text()}`);
      runs.push({ response: (await response.json()) as Record<string, unknown>, steps: this.take() });
    }
    return { steps: sameShape(runs[0]!.steps, runs[1]!.steps), response: runs[1]!.response };
  }
}
