/**
 * A FreeMarker-compatible template engine for FusionAuth email templates. No maintained FreeMarker
 * implementation exists for JavaScript, so this is a small one: a tokenizer, a parser and an evaluator
 * over JSON data, implementing the subset real templates use (FusionAuth's stock templates and the
 * documented examples) and refusing everything else with a parse error. It never evaluates code.
 *
 * As in FusionAuth, templates have no output format unless they declare one, so `${…}` is not
 * HTML-escaped (FusionAuth issue 2715); `?html` escapes explicitly, and a template that starts with
 * `[#ftl output_format="HTML"]` gets FreeMarker's auto-escaping (with `?no_esc` to opt out).
 */
import type { ListNode, TemplateNode } from './ast.js';
import { parseError, TemplateRenderError } from './errors.js';
import { add, asBoolean, MAX_VALUE_LENGTH, required, Scope, type EvaluationContext } from './evaluate.js';
import { tokenizeTemplate, type DirectiveToken, type TemplateToken } from './template-lexer.js';
import { TemplateParser } from './template-parser.js';
import { displayText, EMPTY, escapeHtml, fromData, isHash, Markup, typeError, type Hash, type Value } from './values.js';
import { stripWhitespace } from './whitespace.js';

export { TemplateParseError, TemplateRenderError } from './errors.js';
export { Placeholder } from './values.js';

export interface CompiledTemplate {
  /** Renders with `data` as the data model; throws TemplateRenderError when the data does not fit. */
  render(data: Readonly<Record<string, unknown>>): string;
}

interface Header {
  readonly autoEscape: boolean;
  readonly stripWhitespace: boolean;
  /** Index of the #ftl token, if any. */
  readonly index?: number;
}

const MARKUP_FORMATS = new Set(['HTML', 'XHTML', 'XML']);
const PLAIN_FORMATS = new Set(['plainText', 'undefined']);

/** `[#ftl output_format="HTML" strip_whitespace=false]`, which may only come first. */
function readHeader(source: string, tokens: readonly TemplateToken[]): Header {
  const index = tokens.findIndex((t) => !(t.kind === 'text' && t.text.trim() === ''));
  const token = tokens[index];
  if (token?.kind !== 'directive' || token.name !== 'ftl' || token.closing) return { autoEscape: false, stripWhitespace: true };
  const settings = ftlSettings(source, token);
  let autoEscape = false;
  let strip = true;
  for (const [name, value, at] of settings) {
    if (name === 'output_format' && typeof value === 'string' && (MARKUP_FORMATS.has(value) || PLAIN_FORMATS.has(value))) autoEscape = MARKUP_FORMATS.has(value);
    else if (name === 'strip_whitespace' && typeof value === 'boolean') strip = value;
    else if (name === 'encoding' && typeof value === 'string') continue;
    else parseError(source, at, `The #ftl parameter ${name}=${String(value)} is not supported.`);
  }
  return { autoEscape, stripWhitespace: strip, index };
}

function ftlSettings(source: string, token: DirectiveToken): [string, unknown, number][] {
  const settings: [string, unknown, number][] = [];
  const pattern = /\s*([A-Za-z_]+)\s*=\s*("[^"]*"|'[^']*'|true|false)\s*/y;
  let offset = 0;
  while (offset < token.params.length && token.params.slice(offset).trim() !== '') {
    pattern.lastIndex = offset;
    const match = pattern.exec(token.params);
    if (match === null) parseError(source, token.paramsStart + offset, 'Malformed #ftl parameters.');
    const raw = match[2]!;
    settings.push([match[1]!, raw === 'true' ? true : raw === 'false' ? false : raw.slice(1, -1), token.paramsStart + offset]);
    offset = pattern.lastIndex;
  }
  return settings;
}

class Renderer {
  private readonly out: string[] = [];
  private length = 0;

  constructor(private readonly context: EvaluationContext) {}

  result(): string {
    return this.out.join('');
  }

  private write(text: string): void {
    this.length += text.length;
    if (this.length > MAX_VALUE_LENGTH) throw new TemplateRenderError(`The output grew beyond ${MAX_VALUE_LENGTH} characters.`);
    this.out.push(text);
  }

  renderAll(nodes: readonly TemplateNode[]): void {
    for (const node of nodes) this.render(node);
  }

  private render(node: TemplateNode): void {
    const { context } = this;
    switch (node.type) {
      case 'text':
        this.write(node.text);
        return;
      case 'interpolation': {
        const value = required(node.expression, context);
        const text = displayText(value, node.expression.text);
        this.write(context.autoEscape && !(value instanceof Markup) ? escapeHtml(text) : text);
        return;
      }
      case 'if': {
        const branch = node.branches.find((b) => b.condition === undefined || asBoolean(b.condition, context));
        if (branch !== undefined) this.renderAll(branch.body);
        return;
      }
      case 'list':
        this.renderList(node);
        return;
      case 'separator': {
        const loop = context.scope.currentLoop();
        if (loop !== undefined && loop.index < loop.size - 1) this.renderAll(node.body);
        return;
      }
      case 'assign':
        for (const { name, operator, value } of node.assignments) {
          const assigned = required(value, context);
          if (operator === '=') context.scope.assign(name, assigned);
          else {
            const current = context.scope.lookup(name);
            if (current === undefined) throw new TemplateRenderError(`The variable ${name} is missing, so += cannot add to it.`);
            context.scope.assign(name, add(current, assigned, `${name} += …`));
          }
        }
    }
  }

  private renderList(node: ListNode): void {
    const { scope } = this.context;
    const listed: Value = required(node.source, this.context);
    let entries: [string | undefined, Value][];
    if (listed === EMPTY) entries = [];
    else if (Array.isArray(listed)) {
      if (node.keyName !== undefined) throw typeError('a hash (to list it "as key, value")', listed, node.source.text);
      entries = listed.map((item) => [undefined, fromData(item)]);
    } else if (isHash(listed)) {
      if (node.keyName === undefined) throw typeError('a sequence (list a hash "as key, value")', listed, node.source.text);
      entries = Object.entries(listed).map(([key, value]) => [key, fromData(value)]);
    } else {
      throw typeError('a sequence or a hash', listed, node.source.text);
    }
    if (entries.length === 0) {
      this.renderAll(node.otherwise);
      return;
    }
    for (const [index, [key, value]] of entries.entries()) {
      const variables = new Map<string, Value>([[node.valueName, value]]);
      if (node.keyName !== undefined) variables.set(node.keyName, key);
      scope.pushLoop(variables, { index, size: entries.length });
      try {
        this.renderAll(node.body);
      } finally {
        scope.popLoop();
      }
    }
  }
}

/** Parses a template; throws TemplateParseError for malformed or unsupported syntax. */
export function compileTemplate(source: string): CompiledTemplate {
  let tokens = tokenizeTemplate(source);
  const header = readHeader(source, tokens);
  if (header.index !== undefined) {
    const ftl = tokens[header.index]!;
    tokens = tokens.map((t) => (t === ftl ? { kind: 'comment', start: ftl.start } : t));
  }
  if (header.stripWhitespace) tokens = stripWhitespace(tokens);
  const nodes = new TemplateParser(source, tokens).parse();
  return {
    render(data) {
      const context: EvaluationContext = { scope: new Scope(data as Hash), autoEscape: header.autoEscape };
      const renderer = new Renderer(context);
      renderer.renderAll(nodes);
      return renderer.result();
    },
  };
}

/** Renders `source` with `data` in one step (parse errors and render errors both throw). */
export function renderTemplate(source: string, data: Readonly<Record<string, unknown>>): string {
  return compileTemplate(source).render(data);
}
