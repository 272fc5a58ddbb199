/**
 * Turns an email template into the four rendered parts of an email: subject, from name, HTML and text.
 * The localized variant is chosen from the recipient's preferred languages (first match wins, exact
 * locale before its language: `fr_CA` then `fr`), and each part falls back to its default when the
 * variant has no localized value for it — FusionAuth's `toRawEmailTemplates`.
 *
 * Failures are reported per part, keyed as FusionAuth keys them (`subject`, `from`, `html`, `text`),
 * parse errors apart from render errors (the Send API's `parseErrors` / `renderErrors`).
 */
import { compileTemplate, TemplateParseError, TemplateRenderError } from './render/index.js';

export type LocalizedStrings = Readonly<Record<string, string>>;

/** The parts of an Email Template that rendering reads (the API's EmailTemplate fits). */
export interface EmailTemplateContent {
  readonly defaultSubject?: string;
  readonly defaultFromName?: string;
  readonly defaultHtmlTemplate?: string;
  readonly defaultTextTemplate?: string;
  readonly localizedSubjects?: LocalizedStrings;
  readonly localizedFromNames?: LocalizedStrings;
  readonly localizedHtmlTemplates?: LocalizedStrings;
  readonly localizedTextTemplates?: LocalizedStrings;
}

export type EmailPart = 'subject' | 'from' | 'html' | 'text';
export const EMAIL_PARTS: readonly EmailPart[] = ['subject', 'from', 'html', 'text'];

export interface EmailTemplateErrors {
  parseErrors: Partial<Record<EmailPart, string>>;
  renderErrors: Partial<Record<EmailPart, string>>;
}

export type RenderedParts = Partial<Record<EmailPart, string>>;

export interface ComposedEmail {
  /** The sources used (localized where available), so a caller can show what failed. */
  readonly sources: RenderedParts;
  readonly rendered: RenderedParts;
  readonly errors: EmailTemplateErrors;
  readonly locale?: string;
}

export const hasErrors = (errors: EmailTemplateErrors): boolean =>
  Object.keys(errors.parseErrors).length > 0 || Object.keys(errors.renderErrors).length > 0;

/** `en-US`, `en_us` → `en_US`: Java's Locale spelling, which FusionAuth's locale keys use. */
export function normalizeLocale(locale: string): string {
  const [language = '', ...rest] = locale.trim().replace(/-/g, '_').split('_');
  return [language.toLowerCase(), ...rest.map((part, i) => (i === 0 && part.length === 2 ? part.toUpperCase() : part))].join('_');
}

/** The key of the template's localized values to use for these preferred languages, if any. */
export function chooseLocale(template: EmailTemplateContent, preferred: readonly string[]): string | undefined {
  const keys = new Set([
    ...Object.keys(template.localizedSubjects ?? {}), ...Object.keys(template.localizedFromNames ?? {}),
    ...Object.keys(template.localizedHtmlTemplates ?? {}), ...Object.keys(template.localizedTextTemplates ?? {}),
  ]);
  return matchLocale(keys, preferred);
}

/**
 * Which of `keys` (a template's localized variants) serves these preferred languages: the first
 * preference that matches, exact locale before its language. Message Templates choose the same way.
 */
export function matchLocale(keys: Iterable<string>, preferred: readonly string[]): string | undefined {
  const byNormal = new Map([...keys].map((key) => [normalizeLocale(key), key]));
  for (const wanted of preferred) {
    const normal = normalizeLocale(wanted);
    const exact = byNormal.get(normal) ?? byNormal.get(normal.split('_')[0]!);
    if (exact !== undefined) return exact;
  }
  return undefined;
}

/** The source of each part for `locale` (or the defaults when it is undefined). */
export function sourcesFor(template: EmailTemplateContent, locale: string | undefined): RenderedParts {
  const pick = (localized: LocalizedStrings | undefined, fallback: string | undefined): string | undefined =>
    (locale !== undefined ? localized?.[locale] : undefined) ?? fallback;
  const sources: RenderedParts = {};
  const entries: [EmailPart, string | undefined][] = [
    ['subject', pick(template.localizedSubjects, template.defaultSubject)],
    ['from', pick(template.localizedFromNames, template.defaultFromName)],
    ['html', pick(template.localizedHtmlTemplates, template.defaultHtmlTemplate)],
    ['text', pick(template.localizedTextTemplates, template.defaultTextTemplate)],
  ];
  for (const [part, source] of entries) if (source !== undefined) sources[part] = source;
  return sources;
}

/** Renders the given sources; a part without a source is left out. */
export function renderParts(sources: RenderedParts, data: Readonly<Record<string, unknown>>): Pick<ComposedEmail, 'rendered' | 'errors'> {
  const rendered: RenderedParts = {};
  const errors: EmailTemplateErrors = { parseErrors: {}, renderErrors: {} };
  for (const part of EMAIL_PARTS) {
    const source = sources[part];
    if (source === undefined) continue;
    try {
      rendered[part] = compileTemplate(source).render(data);
    } catch (error) {
      if (error instanceof TemplateParseError) errors.parseErrors[part] = error.message;
      else if (error instanceof TemplateRenderError) errors.renderErrors[part] = error.message;
      else throw error;
    }
  }
  return { rendered, errors };
}

export function composeEmail(template: EmailTemplateContent, preferredLanguages: readonly string[], data: Readonly<Record<string, unknown>>): ComposedEmail {
  const locale = chooseLocale(template, preferredLanguages);
  const sources = sourcesFor(template, locale);
  return { sources, ...renderParts(sources, data), ...(locale !== undefined ? { locale } : {}) };
}

/** A template's parse error, or undefined when it parses (Email Templates API validation). */
export function templateSyntaxError(source: string): TemplateParseError | undefined {
  try {
    compileTemplate(source);
    return undefined;
  } catch (error) {
    if (error instanceof TemplateParseError) return error;
    throw error;
  }
}
