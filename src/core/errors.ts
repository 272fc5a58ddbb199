/**
 * FusionAuth's error model as values. Services throw these; `error-handler.ts` renders them once into
 * a status and, for 400s, the Errors JSON: `{"fieldErrors": {path: [{code, message}]}, "generalErrors": [...]}`.
 * Field codes follow FusionAuth's grammar `[<type>]<path>`, e.g. `[blank]user.email`.
 */
export interface ErrorItem {
  readonly code: string;
  readonly message: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface ErrorsBody {
  fieldErrors?: Record<string, ErrorItem[]>;
  generalErrors?: ErrorItem[];
}

/**
 * Base of every expected error: carries the HTTP status and, optionally, a JSON body. Expected errors
 * are answers, not faults, and collectors (`new ValidationError()`) are made on hot paths such as every
 * login: they skip the stack trace, whose capture costs more than the rest of a small request.
 */
export class ApiError extends Error {
  constructor(readonly status: number, private readonly payload?: unknown) {
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`API error ${status}`);
    Error.stackTraceLimit = stackTraceLimit;
  }

  /** The JSON body to send, or undefined for FusionAuth's empty-body statuses (401, 404, …). */
  body(): unknown {
    return this.payload;
  }
}

/** 400 with the Errors JSON. Collect with `add`/`general`, then `throwIfAny()`. */
export class ValidationError extends ApiError {
  readonly fieldErrors: Record<string, ErrorItem[]> = {};
  readonly generalErrors: ErrorItem[] = [];

  constructor() {
    super(400);
  }

  /** Adds a field error whose code is `[type]path`. */
  add(path: string, type: string, message: string, data?: Record<string, unknown>): this {
    (this.fieldErrors[path] ??= []).push({ code: `[${type}]${path}`, message, ...(data ? { data } : {}) });
    return this;
  }

  general(code: string, message: string, data?: Record<string, unknown>): this {
    this.generalErrors.push({ code, message, ...(data ? { data } : {}) });
    return this;
  }

  get isEmpty(): boolean {
    return this.generalErrors.length === 0 && Object.keys(this.fieldErrors).length === 0;
  }

  throwIfAny(): void {
    if (!this.isEmpty) throw this;
  }

  override body(): ErrorsBody {
    const body: ErrorsBody = {};
    if (Object.keys(this.fieldErrors).length > 0) body.fieldErrors = this.fieldErrors;
    if (this.generalErrors.length > 0) body.generalErrors = this.generalErrors;
    return body;
  }
}

/** Shorthand for a single field error. */
export function fieldError(path: string, type: string, message: string): ValidationError {
  return new ValidationError().add(path, type, message);
}

/** Shorthand for a single general error. */
export function generalError(code: string, message: string): ValidationError {
  return new ValidationError().general(code, message);
}

export class NotFoundError extends ApiError {
  constructor() {
    super(404);
  }
}

export class UnauthorizedError extends ApiError {
  constructor() {
    super(401);
  }
}

export class ForbiddenError extends ApiError {
  constructor() {
    super(403);
  }
}

export const tenantIdRequired = (): ValidationError =>
  generalError(
    '[TenantIdRequired]',
    'A Tenant Id is required to complete this request. To complete this request, you may assign a Tenant to the API key, or provide a Tenant Id using the X-FusionAuth-TenantId HTTP request header.',
  );
