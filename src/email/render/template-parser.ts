/**
 * Builds the node tree of a template body from its tokens: `#if/#elseif/#else`, `#list … as x`
 * (with `#else` and `#sep`), `#assign`/`#global`, `#setting` (accepted, see below), `#noparse` and
 * comments. Every other directive is refused with a parse error naming it, so a template this engine
 * cannot render faithfully is reported when it is saved, not mis-rendered when it is sent.
 */
import type { Expression, TemplateNode } from './ast.js';
import { parseError } from './errors.js';
import { ExpressionReader, parseExpression } from './expression-parser.js';
import type { DirectiveToken, TemplateToken } from './template-lexer.js';

/**
 * Settings a template may change. They only affect formatting this engine does the one way FusionAuth
 * templates need (URL escaping is always UTF-8), so they are accepted and have no further effect.
 */
const ACCEPTED_SETTINGS = new Set(['url_escaping_charset', 'output_encoding', 'locale', 'time_zone']);

const UNSUPPORTED = new Set([
  'attempt', 'recover', 'autoesc', 'noautoesc', 'break', 'continue', 'case', 'default', 'compress', 'escape', 'noescape',
  'flush', 'function', 'return', 'import', 'include', 'items', 'local', 'lt', 'rt', 'nt', 't', 'macro', 'nested', 'on',
  'outputformat', 'recurse', 'visit', 'stop', 'switch', 'fallback', 'ftl',
]);

interface Body {
  readonly nodes: TemplateNode[];
  /** The token that ended the body (a closing tag or #else/#elseif/#sep), or undefined at the end. */
  readonly stop?: DirectiveToken;
}

export class TemplateParser {
  private index = 0;

  constructor(private readonly source: string, private readonly tokens: readonly TemplateToken[]) {}

  parse(): TemplateNode[] {
    const body = this.parseBody(new Set());
    return body.nodes;
  }

  private fail(at: number, detail: string): never {
    return parseError(this.source, at, detail);
  }

  private reader(token: DirectiveToken): ExpressionReader {
    return new ExpressionReader(this.source, token.paramsStart, token.paramsStart + token.params.length);
  }

  private expression(token: DirectiveToken): Expression {
    if (token.params.trim() === '') this.fail(token.start, `The #${token.name} directive needs an expression.`);
    return parseExpression(this.source, token.paramsStart, token.paramsStart + token.params.length);
  }

  private noParams(token: DirectiveToken): void {
    if (token.params.trim() !== '') this.fail(token.paramsStart, `The ${token.closing ? '/' : ''}#${token.name} tag takes no parameters.`);
  }

  /** Reads nodes until a directive named in `stops` (`else`, `/if` …) or the end of the template. */
  private parseBody(stops: ReadonlySet<string>): Body {
    const nodes: TemplateNode[] = [];
    while (this.index < this.tokens.length) {
      const token = this.tokens[this.index++]!;
      if (token.kind === 'text') nodes.push({ type: 'text', text: token.text });
      else if (token.kind === 'interpolation') {
        nodes.push({ type: 'interpolation', at: token.start, expression: parseExpression(this.source, token.start, token.start + token.expression.length) });
      } else if (token.kind === 'directive') {
        const key = `${token.closing ? '/' : ''}${token.name}`;
        if (stops.has(key)) return { nodes, stop: token };
        nodes.push(...this.directive(token));
      }
    }
    return { nodes };
  }

  private directive(token: DirectiveToken): TemplateNode[] {
    if (token.closing) return this.fail(token.start, `Unexpected closing tag [/#${token.name}] with no matching opening tag.`);
    switch (token.name) {
      case 'if': return [this.parseIf(token)];
      case 'list': return [this.parseList(token)];
      case 'assign':
      case 'global': return [this.parseAssign(token)];
      case 'setting': this.parseSetting(token); return [];
      case 'noparse': return this.parseNoparse(token);
      case 'else':
      case 'elseif': return this.fail(token.start, `#${token.name} is only allowed inside #if or #list.`);
      case 'sep': return this.fail(token.start, '#sep is only allowed inside #list.');
      default:
        if (token.name === 'ftl') return this.fail(token.start, 'The #ftl header must be the first thing in the template.');
        if (UNSUPPORTED.has(token.name)) return this.fail(token.start, `The #${token.name} directive is not supported by this template engine.`);
        return this.fail(token.start, `Unknown directive: #${token.name}.`);
    }
  }

  private requireStop(opening: DirectiveToken, body: Body): DirectiveToken {
    if (body.stop === undefined) this.fail(opening.start, `The #${opening.name} directive is not closed with [/#${opening.name}].`);
    return body.stop;
  }

  private parseIf(opening: DirectiveToken): TemplateNode {
    const branches: { condition?: Expression; body: readonly TemplateNode[] }[] = [];
    let condition: Expression | undefined = this.expression(opening);
    let sawElse = false;
    for (;;) {
      const body = this.parseBody(new Set(['elseif', 'else', '/if']));
      branches.push({ ...(condition !== undefined ? { condition } : {}), body: body.nodes });
      const stop = this.requireStop(opening, body);
      if (stop.closing) {
        this.noParams(stop);
        return { type: 'if', branches };
      }
      if (sawElse) this.fail(stop.start, `#${stop.name} cannot follow #else.`);
      if (stop.name === 'else') {
        this.noParams(stop);
        sawElse = true;
        condition = undefined;
      } else {
        condition = this.expression(stop);
      }
    }
  }

  private parseList(opening: DirectiveToken): TemplateNode {
    const reader = this.reader(opening);
    if (reader.atEnd()) this.fail(opening.start, 'The #list directive needs "<sequence> as <name>".');
    const source = reader.parseExpression();
    if (!reader.isName('as')) reader.fail('Expected "as" in #list (the #items form is not supported).');
    reader.next();
    let valueName = reader.readName('a loop variable name');
    let keyName: string | undefined;
    if (reader.isOperator(',')) {
      reader.next();
      keyName = valueName;
      valueName = reader.readName('the value variable name');
    }
    reader.expectEnd();

    const body: TemplateNode[] = [];
    let stop: DirectiveToken;
    for (;;) {
      const part = this.parseBody(new Set(['sep', 'else', '/list']));
      body.push(...part.nodes);
      stop = this.requireStop(opening, part);
      if (stop.name !== 'sep') break;
      this.noParams(stop);
      const separator = this.parseBody(new Set(['/sep', 'else', '/list']));
      body.push({ type: 'separator', at: stop.start, body: separator.nodes });
      stop = this.requireStop(opening, separator);
      if (!(stop.name === 'sep' && stop.closing)) break;
    }
    let otherwise: TemplateNode[] = [];
    if (stop.name === 'else') {
      this.noParams(stop);
      const part = this.parseBody(new Set(['/list']));
      otherwise = part.nodes;
      stop = this.requireStop(opening, part);
    }
    this.noParams(stop);
    return { type: 'list', at: opening.start, source, ...(keyName !== undefined ? { keyName } : {}), valueName, body, otherwise };
  }

  private parseAssign(token: DirectiveToken): TemplateNode {
    const reader = this.reader(token);
    if (reader.atEnd() || !token.params.includes('=')) {
      this.fail(token.start, `The #${token.name} directive needs "name = value" (the capturing form is not supported).`);
    }
    const assignments: { name: string; operator: '=' | '+='; value: Expression }[] = [];
    while (!reader.atEnd()) {
      const name = reader.readName('a variable name');
      const operator = reader.isOperator('+=') ? '+=' : '=';
      reader.expectOperator(operator);
      assignments.push({ name, operator, value: reader.parseExpression() });
      if (reader.isOperator(',')) reader.next();
    }
    return { type: 'assign', at: token.start, assignments };
  }

  private parseSetting(token: DirectiveToken): void {
    const reader = this.reader(token);
    const at = reader.peek().at;
    const name = reader.readName('a setting name');
    if (!ACCEPTED_SETTINGS.has(name)) this.fail(at, `The setting "${name}" is not supported by this template engine.`);
    reader.expectOperator('=');
    reader.parseExpression();
    reader.expectEnd();
  }

  private parseNoparse(token: DirectiveToken): TemplateNode[] {
    this.noParams(token);
    const next = this.tokens[this.index];
    const nodes: TemplateNode[] = [];
    if (next?.kind === 'text') {
      nodes.push({ type: 'text', text: next.text });
      this.index++;
    }
    const closing = this.tokens[this.index++];
    if (closing?.kind !== 'directive' || !closing.closing || closing.name !== 'noparse') this.fail(token.start, 'The #noparse directive is not closed.');
    return nodes;
  }
}
