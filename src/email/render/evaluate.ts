/**
 * Evaluates expressions against the data model, with FreeMarker's missing-value rules: a missing value
 * is an error wherever it is used, except under `!` / `??` / the missing-tolerant built-ins. Those
 * cover only the last step (`user.firstName!`) unless the expression is parenthesized
 * (`(application.oauthConfiguration.clientId)!''`), in which case a missing step anywhere inside is
 * tolerated. Only own properties of the data are visible: no prototype members.
 */
import type { BinaryOperator, Expression } from './ast.js';
import { BUILTINS, LOOP_BUILTINS, MISSING_TOLERANT_BUILTINS } from './builtins.js';
import { TemplateRenderError } from './errors.js';
import {
  displayText, EMPTY, escapeHtml, fromData, isHash, Markup, missingError, Placeholder, typeError, typeName, type Hash, type Value,
} from './values.js';

/** No value (string or sequence) may grow beyond this, so a template cannot exhaust memory. */
export const MAX_VALUE_LENGTH = 1_000_000;

export interface LoopState {
  readonly index: number;
  readonly size: number;
}

export class Scope {
  private readonly assigned = new Map<string, Value>();
  private readonly frames: { readonly variables: Map<string, Value>; readonly loop: LoopState; readonly names: readonly string[] }[] = [];

  constructor(private readonly data: Hash) {}

  lookup(name: string): Value {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i]!;
      if (frame.variables.has(name)) return frame.variables.get(name);
    }
    if (this.assigned.has(name)) return this.assigned.get(name);
    return Object.prototype.hasOwnProperty.call(this.data, name) ? fromData(this.data[name]) : undefined;
  }

  assign(name: string, value: Value): void {
    this.assigned.set(name, value);
  }

  pushLoop(variables: Map<string, Value>, loop: LoopState): void {
    this.frames.push({ variables, loop, names: [...variables.keys()] });
  }

  popLoop(): void {
    this.frames.pop();
  }

  /** The loop whose loop variable is `name` (for `?index`, `?has_next` …). */
  loopOf(name: string): LoopState | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      if (this.frames[i]!.names.includes(name)) return this.frames[i]!.loop;
    }
    return undefined;
  }

  /** The innermost loop (for `[#sep]`). */
  currentLoop(): LoopState | undefined {
    return this.frames[this.frames.length - 1]?.loop;
  }
}

export interface EvaluationContext {
  readonly scope: Scope;
  /** Auto-escaping is on (`[#ftl output_format="HTML"]`): `?esc` and `?no_esc` are allowed. */
  readonly autoEscape: boolean;
}

const own = (hash: Hash, key: string): Value => (Object.prototype.hasOwnProperty.call(hash, key) ? fromData(hash[key]) : undefined);

function checkSize(value: string | readonly unknown[]): void {
  if (value.length > MAX_VALUE_LENGTH) throw new TemplateRenderError(`A value grew beyond ${MAX_VALUE_LENGTH} characters or items.`);
}

export function required(expression: Expression, context: EvaluationContext): Exclude<Value, undefined> {
  const value = evaluate(expression, context);
  if (value === undefined) throw missingError(expression.text);
  return value;
}

export function asBoolean(expression: Expression, context: EvaluationContext): boolean {
  const value = required(expression, context);
  if (typeof value !== 'boolean') throw typeError('a boolean', value, expression.text);
  return value;
}

/** Evaluates, treating a missing step inside a parenthesized expression as missing, not an error. */
function tolerant(expression: Expression, context: EvaluationContext): Value {
  if (expression.type !== 'parenthesis') return evaluate(expression, context);
  try {
    return evaluate(expression.inner, context);
  } catch (error) {
    if (error instanceof TemplateRenderError && error.missing) return undefined;
    throw error;
  }
}

const isEmptyValue = (value: Value): boolean =>
  value === undefined || value === EMPTY || value === '' || (Array.isArray(value) && value.length === 0)
  || (isHash(value) && Object.keys(value).length === 0) || (value instanceof Markup && value.html === '');

function comparable(value: Value): string | number | boolean | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value === EMPTY) return '';
  if (value instanceof Markup) return value.html;
  if (value instanceof Placeholder) return value.text;
  return undefined;
}

function compare(operator: BinaryOperator, left: Value, right: Value, source: string): boolean {
  const a = comparable(left);
  const b = comparable(right);
  if (a === undefined || b === undefined || typeof a !== typeof b) {
    throw new TemplateRenderError(`Can't compare values of these types: ${typeName(left)} and ${typeName(right)}: ==> ${source}`);
  }
  if (operator === '==') return a === b;
  if (operator === '!=') return a !== b;
  if (typeof a !== 'number' || typeof b !== 'number') {
    throw new TemplateRenderError(`Only numbers can be compared with ${operator}: ==> ${source}`);
  }
  switch (operator) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    default: return a >= b;
  }
}

export function add(left: Value, right: Value, source: string): Value {
  if (typeof left === 'number' && typeof right === 'number') return left + right;
  if (Array.isArray(left) && Array.isArray(right)) {
    const joined = [...left, ...right];
    checkSize(joined);
    return joined;
  }
  if (isHash(left) && isHash(right)) return { ...left, ...right };
  const joined = displayText(left, source) + displayText(right, source);
  checkSize(joined);
  return joined;
}

function arithmetic(operator: BinaryOperator, left: Value, right: Value, expression: Expression): number {
  if (typeof left !== 'number') throw typeError('a number', left, expression.text);
  if (typeof right !== 'number') throw typeError('a number', right, expression.text);
  if ((operator === '/' || operator === '%') && right === 0) throw new TemplateRenderError(`Division by zero: ==> ${expression.text}`);
  switch (operator) {
    case '-': return left - right;
    case '*': return left * right;
    case '/': return left / right;
    default: return left % right;
  }
}

function binary(expression: Extract<Expression, { type: 'binary' }>, context: EvaluationContext): Value {
  const { operator, left, right } = expression;
  if (operator === '&&') return asBoolean(left, context) && asBoolean(right, context);
  if (operator === '||') return asBoolean(left, context) || asBoolean(right, context);
  const a = required(left, context);
  const b = required(right, context);
  if (operator === '+') return add(a, b, expression.text);
  if (['==', '!=', '<', '<=', '>', '>='].includes(operator)) return compare(operator, a, b, expression.text);
  return arithmetic(operator, a, b, expression);
}

function member(target: Value, key: Value, source: string): Value {
  if (target instanceof Placeholder) return new Placeholder(`${target.path}.${String(key)}`);
  if (isHash(target) && typeof key === 'string') return own(target, key);
  if (Array.isArray(target) && typeof key === 'number') {
    if (!Number.isInteger(key) || key < 0) throw new TemplateRenderError(`A sequence index must be a non-negative integer: ==> ${source}`);
    return fromData(target[key]);
  }
  throw new TemplateRenderError(`Can't read ${typeof key === 'number' ? 'an item' : 'a key'} of ${typeName(target)}: ==> ${source}`);
}

function builtin(expression: Extract<Expression, { type: 'builtin' }>, context: EvaluationContext): Value {
  const { name, target, args = [] } = expression;
  if (MISSING_TOLERANT_BUILTINS.has(name)) {
    const value = tolerant(target, context);
    if (name === 'has_content') return !isEmptyValue(value);
    if (name === 'exists') return value !== undefined;
    if (name === 'if_exists') return value ?? EMPTY;
    if (value !== undefined) return value;
    for (const candidate of args) {
      const fallback = evaluate(candidate, context);
      if (fallback !== undefined) return fallback;
    }
    return EMPTY;
  }
  if (LOOP_BUILTINS.has(name)) return loopBuiltin(expression, context);
  if (name === 'then') {
    if (args.length !== 2) throw new TemplateRenderError(`?then needs exactly 2 arguments: ==> ${expression.text}`);
    return required(args[asBoolean(target, context) ? 0 : 1]!, context);
  }
  if (name === 'esc' || name === 'no_esc') {
    if (!context.autoEscape) {
      throw new TemplateRenderError(`?${name} can't be used here, as the output format isn't a markup format (start the template with [#ftl output_format="HTML"]).`);
    }
    const text = displayText(required(target, context), target.text);
    return new Markup(name === 'esc' ? escapeHtml(text) : text);
  }
  const implementation = BUILTINS.get(name)!;
  const value = required(target, context);
  return implementation(value, args.map((a) => required(a, context)), target.text);
}

function loopBuiltin(expression: Extract<Expression, { type: 'builtin' }>, context: EvaluationContext): Value {
  const { name, target, args = [] } = expression;
  const loop = target.type === 'variable' ? context.scope.loopOf(target.name) : undefined;
  if (loop === undefined) throw new TemplateRenderError(`?${name} can only be applied to a loop variable: ==> ${target.text}`);
  const last = loop.index === loop.size - 1;
  switch (name) {
    case 'index': return loop.index;
    case 'counter': return loop.index + 1;
    case 'has_next': return !last;
    case 'is_first': return loop.index === 0;
    case 'is_last': return last;
    case 'item_parity': return loop.index % 2 === 0 ? 'odd' : 'even';
    case 'is_odd_item': return loop.index % 2 === 0;
    case 'is_even_item': return loop.index % 2 === 1;
    default: {
      if (args.length === 0) throw new TemplateRenderError('?item_cycle needs at least one argument.');
      return required(args[loop.index % args.length]!, context);
    }
  }
}

export function evaluate(expression: Expression, context: EvaluationContext): Value {
  switch (expression.type) {
    case 'literal': return expression.value;
    case 'string': {
      const text = expression.parts.map((part) => (typeof part === 'string' ? part : displayText(required(part, context), part.text))).join('');
      checkSize(text);
      return text;
    }
    case 'sequence': return expression.items.map((item) => required(item, context));
    case 'hash': {
      const hash: Record<string, Value> = {};
      for (const [key, value] of expression.entries) {
        const name = required(key, context);
        if (typeof name !== 'string') throw typeError('a string hash key', name, key.text);
        Object.defineProperty(hash, name, { value: required(value, context), enumerable: true, writable: true, configurable: true });
      }
      return hash;
    }
    case 'variable': return context.scope.lookup(expression.name);
    case 'dot': return member(required(expression.target, context), expression.name, expression.text);
    case 'index': return member(required(expression.target, context), required(expression.key, context), expression.text);
    case 'builtin': return builtin(expression, context);
    case 'default': {
      const value = tolerant(expression.target, context);
      if (value !== undefined) return value;
      return expression.fallback === undefined ? EMPTY : evaluate(expression.fallback, context);
    }
    case 'exists': return tolerant(expression.target, context) !== undefined;
    case 'parenthesis': return evaluate(expression.inner, context);
    case 'not': return !asBoolean(expression.operand, context);
    case 'negate': {
      const value = required(expression.operand, context);
      if (typeof value !== 'number') throw typeError('a number', value, expression.operand.text);
      return -value;
    }
    case 'binary': return binary(expression, context);
  }
}
