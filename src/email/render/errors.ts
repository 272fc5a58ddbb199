/**
 * The two ways a template fails, as FreeMarker (FusionAuth's engine) distinguishes them: a parse error
 * (the template is malformed or uses syntax this engine does not implement) and a render error (the
 * template is well formed but the data does not fit it, e.g. a missing variable). FusionAuth reports
 * them separately (`parseErrors` / `renderErrors` of the Send API), so they are separate classes.
 */

/** 1-based line and column of `offset` in `source`. */
export function positionOf(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export class TemplateParseError extends Error {
  constructor(readonly detail: string, readonly line: number, readonly column: number) {
    super(`Syntax error in template at line ${line}, column ${column}:\n${detail}`);
    this.name = 'TemplateParseError';
  }
}

/** Throws a parse error located at `offset` of `source`. */
export function parseError(source: string, offset: number, detail: string): never {
  const { line, column } = positionOf(source, offset);
  throw new TemplateParseError(detail, line, column);
}

export class TemplateRenderError extends Error {
  constructor(message: string, readonly missing = false) {
    super(message);
    this.name = 'TemplateRenderError';
  }
}
