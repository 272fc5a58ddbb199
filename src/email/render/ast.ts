/**
 * The parsed form of a template: expressions (FreeMarker's expression language, the subset this
 * engine implements) and the nodes of a template body. `at` is the offset in the template source, for
 * error positions; `text` is the expression's source, quoted in error messages as FreeMarker does
 * (`==> user.firstName`).
 */
export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

interface Located {
  readonly at: number;
  readonly text: string;
}

export type Expression = Located & (
  | { readonly type: 'literal'; readonly value: string | number | boolean }
  | { readonly type: 'string'; readonly parts: readonly (string | Expression)[] }
  | { readonly type: 'sequence'; readonly items: readonly Expression[] }
  | { readonly type: 'hash'; readonly entries: readonly (readonly [Expression, Expression])[] }
  | { readonly type: 'variable'; readonly name: string }
  | { readonly type: 'dot'; readonly target: Expression; readonly name: string }
  | { readonly type: 'index'; readonly target: Expression; readonly key: Expression }
  | { readonly type: 'builtin'; readonly target: Expression; readonly name: string; readonly args?: readonly Expression[] }
  | { readonly type: 'default'; readonly target: Expression; readonly fallback?: Expression }
  | { readonly type: 'exists'; readonly target: Expression }
  | { readonly type: 'parenthesis'; readonly inner: Expression }
  | { readonly type: 'not'; readonly operand: Expression }
  | { readonly type: 'negate'; readonly operand: Expression }
  | { readonly type: 'binary'; readonly operator: BinaryOperator; readonly left: Expression; readonly right: Expression }
);

export interface ListNode {
  readonly type: 'list';
  readonly at: number;
  readonly source: Expression;
  /** `[#list hash as key, value]`: the key variable; absent when listing a sequence. */
  readonly keyName?: string;
  readonly valueName: string;
  readonly body: readonly TemplateNode[];
  readonly otherwise: readonly TemplateNode[];
}

export type TemplateNode =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'interpolation'; readonly at: number; readonly expression: Expression }
  | { readonly type: 'if'; readonly branches: readonly { readonly condition?: Expression; readonly body: readonly TemplateNode[] }[] }
  | ListNode
  /** `[#sep]…`: rendered inside a list only when another item follows. */
  | { readonly type: 'separator'; readonly at: number; readonly body: readonly TemplateNode[] }
  | { readonly type: 'assign'; readonly at: number; readonly assignments: readonly { readonly name: string; readonly operator: '=' | '+='; readonly value: Expression }[] };
