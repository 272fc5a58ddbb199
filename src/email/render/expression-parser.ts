/**
 * A recursive-descent parser for FreeMarker expressions, with FreeMarker's precedence (highest first):
 * postfix (`.name`, `[key]`, `?builtin(args)`, `??`, `!default`), unary (`!`, `-`, `+`), `* / %`,
 * `+ -`, relational (`< <= > >=`, `lt lte gt gte`), equality (`== = !=`), `&&`, `||`.
 *
 * One FreeMarker quirk is kept on purpose: the right side of the default operator is a whole
 * expression, so `x!"a" + "b"` means `x!("a" + "b")` (FreeMarker's FTL grammar, DefaultTo).
 * Syntax this engine does not implement (ranges, method calls, special variables …) is a parse error,
 * never a silent misreading.
 */
import type { BinaryOperator, Expression } from './ast.js';
import { BUILTIN_NAMES } from './builtins.js';
import { parseError } from './errors.js';
import { tokenizeExpression, unescapeString, type ExpressionToken } from './expression-lexer.js';

const RELATIONAL: Readonly<Record<string, BinaryOperator>> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=', lt: '<', lte: '<=', gt: '>', gte: '>=' };
const EQUALITY: Readonly<Record<string, BinaryOperator>> = { '==': '==', '=': '==', '!=': '!=' };
/** Names that continue a directive rather than start an expression. */
const KEYWORDS = new Set(['as', 'in', 'using', 'gt', 'gte', 'lt', 'lte']);

/** An expression without its location, as the parser builds it (distributes over the union). */
type Build = Expression extends infer E ? (E extends Expression ? Omit<E, 'at' | 'text'> : never) : never;

export class ExpressionReader {
  private readonly tokens: ExpressionToken[];
  private index = 0;

  constructor(private readonly template: string, start: number, end: number) {
    this.tokens = tokenizeExpression(template, start, end);
  }

  peek(): ExpressionToken {
    return this.tokens[this.index]!;
  }

  atEnd(): boolean {
    return this.peek().kind === 'end';
  }

  next(): ExpressionToken {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  isOperator(value: string): boolean {
    const token = this.peek();
    return token.kind === 'operator' && token.value === value;
  }

  isName(value?: string): boolean {
    const token = this.peek();
    return token.kind === 'name' && (value === undefined || token.value === value);
  }

  fail(detail: string, at = this.peek().at): never {
    return parseError(this.template, at, detail);
  }

  expectOperator(value: string): void {
    if (!this.isOperator(value)) this.fail(`Expected "${value}" but found ${this.describe()}.`);
    this.next();
  }

  readName(what: string): string {
    const token = this.peek();
    if (token.kind !== 'name' || KEYWORDS.has(token.value)) return this.fail(`Expected ${what} but found ${this.describe()}.`);
    this.next();
    return token.value;
  }

  expectEnd(): void {
    if (!this.atEnd()) this.fail(`Unexpected ${this.describe()}.`);
  }

  describe(token = this.peek()): string {
    switch (token.kind) {
      case 'end': return 'the end of the expression';
      case 'string': return 'a string literal';
      case 'number': return `the number ${token.value}`;
      default: return `"${token.value}"`;
    }
  }

  // ---- Expressions -------------------------------------------------------------------------------

  parseExpression(): Expression {
    return this.parseOr();
  }

  private node(start: number, build: Build): Expression {
    const previous = this.tokens[Math.max(0, this.index - 1)]!;
    return { ...build, at: start, text: this.template.slice(start, Math.max(start, previous.end)) } as Expression;
  }

  private binaryLoop(operand: () => Expression, operatorOf: (token: ExpressionToken) => BinaryOperator | undefined): Expression {
    const start = this.peek().at;
    let left = operand();
    for (let operator = operatorOf(this.peek()); operator !== undefined; operator = operatorOf(this.peek())) {
      this.next();
      const right = operand();
      left = this.node(start, { type: 'binary', operator, left, right });
    }
    return left;
  }

  private parseOr(): Expression {
    return this.binaryLoop(() => this.parseAnd(), (t) => (t.kind === 'operator' && t.value === '||' ? '||' : undefined));
  }

  private parseAnd(): Expression {
    return this.binaryLoop(() => this.parseEquality(), (t) => (t.kind === 'operator' && t.value === '&&' ? '&&' : undefined));
  }

  private parseEquality(): Expression {
    return this.binaryLoop(() => this.parseRelational(), (t) => (t.kind === 'operator' && Object.hasOwn(EQUALITY, t.value) ? EQUALITY[t.value] : undefined));
  }

  private parseRelational(): Expression {
    return this.binaryLoop(() => this.parseAdditive(),
      (t) => ((t.kind === 'operator' || t.kind === 'name') && Object.hasOwn(RELATIONAL, t.value) ? RELATIONAL[t.value] : undefined));
  }

  private parseAdditive(): Expression {
    return this.binaryLoop(() => this.parseMultiplicative(), (t) => (t.kind === 'operator' && (t.value === '+' || t.value === '-') ? t.value : undefined));
  }

  private parseMultiplicative(): Expression {
    return this.binaryLoop(() => this.parseUnary(),
      (t) => (t.kind === 'operator' && (t.value === '*' || t.value === '/' || t.value === '%') ? t.value : undefined));
  }

  private parseUnary(): Expression {
    const start = this.peek().at;
    if (this.isOperator('!')) {
      this.next();
      const operand = this.parseUnary();
      return this.node(start, { type: 'not', operand });
    }
    if (this.isOperator('-') || this.isOperator('+')) {
      const negate = this.isOperator('-');
      this.next();
      const operand = this.parseUnary();
      return negate ? this.node(start, { type: 'negate', operand }) : operand;
    }
    return this.parsePostfix();
  }

  private canStartExpression(): boolean {
    const token = this.peek();
    if (token.kind === 'number' || token.kind === 'string') return true;
    if (token.kind === 'name') return !KEYWORDS.has(token.value);
    return token.kind === 'operator' && ['(', '[', '{', '!', '-', '+'].includes(token.value);
  }

  private parsePostfix(): Expression {
    const start = this.peek().at;
    let target = this.parsePrimary();
    for (;;) {
      if (this.isOperator('.')) {
        this.next();
        const name = this.readName('a name after "."');
        target = this.node(start, { type: 'dot', target, name });
      } else if (this.isOperator('[')) {
        this.next();
        const key = this.parseExpression();
        if (this.isOperator('..')) this.fail('Ranges and sequence slicing are not supported.');
        this.expectOperator(']');
        target = this.node(start, { type: 'index', target, key });
      } else if (this.isOperator('?')) {
        this.next();
        target = this.parseBuiltin(start, target);
      } else if (this.isOperator('??')) {
        this.next();
        target = this.node(start, { type: 'exists', target });
      } else if (this.isOperator('!')) {
        this.next();
        if (!this.canStartExpression()) return this.node(start, { type: 'default', target });
        const fallback = this.parseExpression();
        return this.node(start, { type: 'default', target, fallback });
      } else if (this.isOperator('(')) {
        return this.fail('Method calls are not supported; use built-ins such as ?then(a, b).');
      } else if (this.isOperator('..')) {
        return this.fail('Ranges (a..b) are not supported.');
      } else {
        return target;
      }
    }
  }

  private parseBuiltin(start: number, target: Expression): Expression {
    const at = this.peek().at;
    const name = this.readName('a built-in name after "?"');
    if (!BUILTIN_NAMES.has(name)) this.fail(`Unknown or unsupported built-in: ?${name}.`, at);
    if (!this.isOperator('(')) return this.node(start, { type: 'builtin', target, name });
    this.next();
    const args: Expression[] = [];
    while (!this.isOperator(')')) {
      args.push(this.parseExpression());
      if (!this.isOperator(')')) this.expectOperator(',');
    }
    this.next();
    return this.node(start, { type: 'builtin', target, name, args });
  }

  private parsePrimary(): Expression {
    const token = this.peek();
    const start = token.at;
    switch (token.kind) {
      case 'number':
        this.next();
        return this.node(start, { type: 'literal', value: token.value });
      case 'string':
        this.next();
        return this.node(start, { type: 'string', parts: this.stringParts(token) });
      case 'name':
        if (KEYWORDS.has(token.value)) return this.fail(`Unexpected "${token.value}".`);
        this.next();
        if (token.value === 'true' || token.value === 'false') return this.node(start, { type: 'literal', value: token.value === 'true' });
        return this.node(start, { type: 'variable', name: token.value });
      case 'operator':
        return this.parseBracketed(token.value, start);
      default:
        return this.fail('Expected an expression but the expression ended.');
    }
  }

  private parseBracketed(operator: string, start: number): Expression {
    if (operator === '(') {
      this.next();
      const inner = this.parseExpression();
      this.expectOperator(')');
      return this.node(start, { type: 'parenthesis', inner });
    }
    if (operator === '[') {
      this.next();
      const items: Expression[] = [];
      while (!this.isOperator(']')) {
        items.push(this.parseExpression());
        if (!this.isOperator(']')) this.expectOperator(',');
      }
      this.next();
      return this.node(start, { type: 'sequence', items });
    }
    if (operator === '{') {
      this.next();
      const entries: [Expression, Expression][] = [];
      while (!this.isOperator('}')) {
        const key = this.parseExpression();
        this.expectOperator(':');
        entries.push([key, this.parseExpression()]);
        if (!this.isOperator('}')) this.expectOperator(',');
      }
      this.next();
      return this.node(start, { type: 'hash', entries });
    }
    if (operator === '.') return this.fail('Special variables (.name) are not supported.');
    return this.fail(`Unexpected "${operator}".`);
  }

  /** A string literal's text and `${…}` interpolations (none in a raw string). */
  private stringParts(token: Extract<ExpressionToken, { kind: 'string' }>): (string | Expression)[] {
    const { content, contentAt } = token;
    if (token.raw) return [content];
    const parts: (string | Expression)[] = [];
    let textStart = 0;
    let i = 0;
    while (i < content.length) {
      if (content[i] === '\\') {
        i += 2;
        continue;
      }
      if (!content.startsWith('${', i)) {
        i++;
        continue;
      }
      if (i > textStart) parts.push(unescapeString(this.template, content.slice(textStart, i), contentAt + textStart));
      const close = interpolationEnd(content, i + 2);
      if (close < 0) this.fail('The interpolation ${…} in the string literal is not closed.', contentAt + i);
      parts.push(parseExpression(this.template, contentAt + i + 2, contentAt + close));
      i = close + 1;
      textStart = i;
    }
    if (textStart < content.length) parts.push(unescapeString(this.template, content.slice(textStart), contentAt + textStart));
    return parts;
  }
}

/** The `}` closing an interpolation that starts at `from` inside a string literal's text, or -1. */
function interpolationEnd(content: string, from: number): number {
  let depth = 0;
  for (let i = from; i < content.length; i++) {
    const ch = content[i];
    if (ch === "'" || ch === '"') {
      const close = content.indexOf(ch, i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (ch === '{') depth++;
    else if (ch === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** Parses `template[start, end)` as exactly one expression. */
export function parseExpression(template: string, start: number, end: number): Expression {
  const reader = new ExpressionReader(template, start, end);
  if (reader.atEnd()) reader.fail('Expected an expression.');
  const expression = reader.parseExpression();
  reader.expectEnd();
  return expression;
}
