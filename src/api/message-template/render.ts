/**
 * Rendering a Message Template's text with the FreeMarker subset the email templates use. The
 * localized variant is chosen from the recipient's preferred languages as for emails (first match,
 * exact locale before its language), falling back to `defaultTemplate`. SMS text has no output
 * format, so nothing is HTML-escaped.
 */
import { matchLocale } from '../../email/compose.js';
import { compileTemplate, TemplateParseError, TemplateRenderError } from '../../email/render/index.js';

/** The parts of a Message Template that rendering reads (the API's MessageTemplate fits). */
export interface MessageTemplateContent {
  readonly defaultTemplate?: string;
  readonly localizedTemplates?: Readonly<Record<string, string>>;
}

export type RenderedMessage =
  | { readonly status: 'ok'; readonly text: string; readonly source: string; readonly locale?: string }
  | { readonly status: 'failed'; readonly kind: 'parse' | 'render'; readonly message: string; readonly source: string; readonly locale?: string };

/** Renders the variant for `locale` (a key of `localizedTemplates`), or the default when it has none. */
export function renderVariant(template: MessageTemplateContent, locale: string | undefined, data: Readonly<Record<string, unknown>>): RenderedMessage {
  const localized = locale !== undefined ? template.localizedTemplates?.[locale] : undefined;
  const source = localized ?? template.defaultTemplate ?? '';
  const used = localized !== undefined ? { locale: locale! } : {};
  try {
    return { status: 'ok', text: compileTemplate(source).render(data), source, ...used };
  } catch (error) {
    if (error instanceof TemplateParseError) return { status: 'failed', kind: 'parse', message: error.message, source, ...used };
    if (error instanceof TemplateRenderError) return { status: 'failed', kind: 'render', message: error.message, source, ...used };
    throw error;
  }
}

/** Renders the variant that best serves `preferredLanguages`. */
export function renderMessage(template: MessageTemplateContent, preferredLanguages: readonly string[], data: Readonly<Record<string, unknown>>): RenderedMessage {
  return renderVariant(template, matchLocale(Object.keys(template.localizedTemplates ?? {}), preferredLanguages), data);
}
