import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseLocale, composeEmail, normalizeLocale } from '../src/email/compose.js';
import { compileTemplate, renderTemplate, TemplateParseError, TemplateRenderError } from '../src/email/render/index.js';

const user = {
  id: 'ce485a91-906f-4615-af75-81d37dc71e90',
  tenantId: '7e7c2c1e-7f57-4a1c-9fbb-7a2a3f0f3d10',
  email: 'monica@piedpiper.com',
  firstName: 'Monica',
  verified: false,
  insertInstant: 1572469040579,
  preferredLanguages: ['fr'],
  data: { company: 'Pied Piper' },
};
const data = {
  user,
  tenant: { id: 'tenant-1', name: 'Pied Piper' },
  verificationId: 'YkQY5Gsyo4RlfmDciBGRmvfj3RmatUqrbjoIZ19fmw4',
  changePasswordId: 'cpid-1',
  application: { name: 'Web', oauthConfiguration: { clientId: 'client-1' } },
  state: { redirect_uri: 'https://app.example.com/a b', tenantId: 'skip-me' },
};

const render = (source: string, model: Record<string, unknown> = data): string => renderTemplate(source, model);

function renderError(source: string, model: Record<string, unknown> = data): TemplateRenderError {
  try {
    render(source, model);
  } catch (error) {
    if (error instanceof TemplateRenderError) return error;
    throw error;
  }
  return assert.fail(`expected a render error for ${source}`);
}

function parseFailure(source: string): TemplateParseError {
  try {
    compileTemplate(source);
  } catch (error) {
    if (error instanceof TemplateParseError) return error;
    throw error;
  }
  return assert.fail(`expected a parse error for ${source}`);
}

describe('template rendering (FreeMarker subset)', () => {
  describe('interpolation', () => {
    it('replaces ${a.b} with values from the data model', () => {
      assert.equal(render('Hi ${user.firstName}, verify ${user.email} at /email/verify/${verificationId}'),
        'Hi Monica, verify monica@piedpiper.com at /email/verify/YkQY5Gsyo4RlfmDciBGRmvfj3RmatUqrbjoIZ19fmw4');
      assert.equal(render('${user.data.company} / ${user["email"]} / ${user.preferredLanguages[0]}'), 'Pied Piper / monica@piedpiper.com / fr');
    });

    it('does not HTML-escape by default, as FusionAuth (no output format); ?html escapes explicitly', () => {
      const model = { name: '<b>"Tom" & \'Jerry\'</b>' };
      assert.equal(render('<p>${name}</p>', model), '<p><b>"Tom" & \'Jerry\'</b></p>');
      assert.equal(render('${name?html}', model), '&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;');
    });

    it('auto-escapes under [#ftl output_format="HTML"], with ?no_esc to opt out', () => {
      assert.equal(render('[#ftl output_format="HTML"]\n<p>${x}</p>${x?no_esc}', { x: '<i>&</i>' }), '<p>&lt;i&gt;&amp;&lt;/i&gt;</p><i>&</i>');
      assert.match(renderError('${x?no_esc}', { x: 'a' }).message, /isn't a markup format/);
    });

    it('formats numbers like FreeMarker in en_US, and ?c for computers', () => {
      assert.equal(render('${user.insertInstant} ${user.insertInstant?c} ${1.23456} ${10 / 4}'), '1,572,469,040,579 1572469040579 1.235 2.5');
    });

    it('refuses to print a boolean without ?c / ?string / ?then', () => {
      assert.match(renderError('${user.verified}').message, /Can't convert boolean to string/);
      assert.equal(render('${user.verified?c} ${user.verified?string("yes", "no")} ${user.verified?then("Y", "N")}'), 'false no N');
    });

    it('reports a missing variable as FreeMarker does, naming the expression', () => {
      const error = renderError('Total: ${requestData.amount}');
      assert.equal(error.missing, true);
      assert.match(error.message, /The following has evaluated to null or missing:\n==> requestData/);
      assert.match(renderError('${user.lastName}').message, /==> user\.lastName/);
    });
  });

  describe('missing values', () => {
    it('x! and x!default cover the last step', () => {
      assert.equal(render("[${user.lastName!}] [${user.lastName!'Unknown'}] [${user.firstName!'Unknown'}]"), '[] [Unknown] [Monica]');
      assert.match(renderError("${nothing.here!'x'}").message, /==> nothing/);
    });

    it('(a.b.c)!default covers every step', () => {
      assert.equal(render("${(nothing.here.at.all)!'fallback'} ${(application.oauthConfiguration.clientId)!''}"), 'fallback client-1');
    });

    it('the default is a whole expression, as in FreeMarker: x!"a" + "b" is x!("a" + "b")', () => {
      assert.equal(render('${user.lastName!"a" + "b"}'), 'ab');
      assert.equal(render('${user.firstName!"a" + "b"}'), 'Monica');
    });

    it('?? and ?has_content test presence', () => {
      assert.equal(render('${user.email???c} ${user.lastName???c} ${(a.b.c)???c} ${user.data?has_content?c} ${""?has_content?c} ${missing?has_content?c}'),
        'true false false true false false');
    });
  });

  describe('directives', () => {
    it('#if / #elseif / #else with comparisons and logic', () => {
      const source = '[#if user.verified]V[#elseif user.email == "monica@piedpiper.com" && !user.verified]M[#else]O[/#if]';
      assert.equal(render(source), 'M');
      assert.equal(render('[#if user.insertInstant > 1000 || false]big[/#if][#if user.firstName != "Monica"]x[#else]y[/#if]'), 'bigy');
      assert.equal(render('[#if 3 gte 3 && 2 lt 3]ok[/#if]'), 'ok');
    });

    it('#if needs a boolean (no truthiness), as in FreeMarker', () => {
      assert.match(renderError('[#if user.email]x[/#if]').message, /Expected a boolean/);
    });

    it('angle-bracket syntax works when the template starts with it', () => {
      assert.equal(render('<#if user.verified>yes<#else>no</#if> [#if x]'), 'no [#if x]');
    });

    it('#list over sequences, with #sep, #else and loop variable built-ins', () => {
      assert.equal(render('[#list ["a", "b", "c"] as x]${x?counter}:${x}[#sep], [/#list]'), '1:a, 2:b, 3:c');
      assert.equal(render('[#list items as x]${x}[#if x?has_next];[/#if][/#list]', { items: [1, 2] }), '1;2');
      assert.equal(render('[#list items as x]${x}[#else]none[/#list]', { items: [] }), 'none');
      assert.equal(render('[#list (missing)![] as x]${x}[#else]none[/#list]'), 'none');
    });

    it('#list over a hash as key, value (the stock change-password template)', () => {
      const source = [
        '[#setting url_escaping_charset="UTF-8"]',
        '[#assign url = "https://auth.example.com/password/change/${changePasswordId}?client_id=${(application.oauthConfiguration.clientId)!\'\'}" /]',
        '[#list state!{} as key, value][#if key != "tenantId" && value??][#assign url = url + "&" + key?url + "=" + value?url/][/#if][/#list]',
        '<a href="${url}">${url}</a>',
      ].join('\n');
      const url = 'https://auth.example.com/password/change/cpid-1?client_id=client-1&redirect_uri=https%3A%2F%2Fapp.example.com%2Fa%20b';
      assert.equal(render(source), `<a href="${url}">${url}</a>`);
    });

    it('#assign with += and string interpolation', () => {
      assert.equal(render('[#assign greeting = "Hello ${user.firstName}"][#assign greeting += "!"]${greeting}'), 'Hello Monica!');
    });

    it('comments and #noparse', () => {
      assert.equal(render('a[#-- hidden ${nothing} --]b[#noparse]${not.parsed}[#if][/#noparse]'), 'ab${not.parsed}[#if]');
    });
  });

  describe('white-space stripping', () => {
    it('drops lines that hold only tags, as FreeMarker does, keeping text emails tidy', () => {
      const source = [
        '[#if user.verified]',
        'Already verified.',
        '[/#if]',
        '[#-- one-time code',
        '     or link --]',
        '[#if verificationOneTimeCode??]',
        '  Code: ${verificationOneTimeCode}',
        '[#else]',
        '  https://example.com/email/verify/${verificationId}',
        '[/#if]',
        '- Admin',
      ].join('\n');
      assert.equal(render(source), '  https://example.com/email/verify/YkQY5Gsyo4RlfmDciBGRmvfj3RmatUqrbjoIZ19fmw4\n- Admin');
    });

    it('keeps lines with an interpolation or text beside the tags', () => {
      assert.equal(render('[#if true]x[/#if]\n${user.firstName}\n  [#if true] [/#if]\n'), 'x\nMonica\n   \n');
    });

    it('can be turned off with [#ftl strip_whitespace=false]', () => {
      assert.equal(render('[#ftl strip_whitespace=false]\n[#if true]\nx\n[/#if]\n'), '\n\nx\n\n');
    });
  });

  describe('built-ins', () => {
    it('string built-ins', () => {
      assert.equal(render('${"hello world"?cap_first} ${"ABC"?lower_case} ${"abc"?upper_case} ${"  x "?trim} ${"hello"?length} ${"a b"?url} ${"a/b c"?url_path}'),
        'Hello world abc ABC x 5 a%20b a/b%20c');
      assert.equal(render('${"john SMITH"?capitalize} ${"a,b"?split(",")?size} ${"x-y"?replace("-", "+")} ${"abc"?starts_with("ab")?c} ${"7"?number + 1}'),
        'John Smith 2 x+y true 8');
    });

    it('sequence and hash built-ins', () => {
      assert.equal(render('${xs?size} ${xs?first} ${xs?last} ${xs?join(", ")} ${xs?seq_contains("b")?c} ${h?keys?join("|")}', { xs: ['a', 'b'], h: { k1: 1, k2: 2 } }),
        '2 a b a, b true k1|k2');
    });

    it('?then evaluates only the chosen branch', () => {
      assert.equal(render('${(method == "sms")?then("SMS", nothing.here)}', { method: 'sms' }), 'SMS');
    });
  });

  describe('parse errors for what the engine does not implement', () => {
    const cases: [string, RegExp][] = [
      ['${user.email', /interpolation .* is not closed/],
      ['[#if user.verified]x', /#if directive is not closed/],
      ['[#macro greet]hi[/#macro]', /#macro directive is not supported/],
      ['[@greet/]', /User-defined directives/],
      ['[#include "x.ftl"]', /#include directive is not supported/],
      ['[#bogus]', /Unknown directive: #bogus/],
      ['${user.email?nonsense}', /Unknown or unsupported built-in: \?nonsense/],
      ['${user.email.toUpperCase()}', /Method calls are not supported/],
      ['[#list 1..3 as i]${i}[/#list]', /Ranges/],
      ['${.now}', /Special variables/],
      ['[/#if]', /no matching opening tag/],
      ['[#else]', /only allowed inside/],
      ['${"unterminated}', /not closed/],
      ['Total: #{amount}', /numeric interpolation is not supported/],
      ['[#setting locale="fr"][#setting number_format="0.##"]', /setting "number_format" is not supported/],
    ];
    for (const [source, expected] of cases) {
      it(`refuses ${source}`, () => {
        assert.match(parseFailure(source).message, expected);
      });
    }

    it('reports the line and column', () => {
      const error = parseFailure('line one\n  ${user.email?nonsense}');
      assert.equal(error.line, 2);
      assert.equal(error.column, 16);
    });
  });

  describe('safety', () => {
    it('reads only own properties of the data (no prototype members)', () => {
      assert.equal(render("${user.constructor!'none'} ${user.__proto__!'none'} ${user.toString!'none'}"), 'none none none');
    });

    it('stops a template whose output would grow without bound', () => {
      const source = '[#assign s = "xxxxxxxxxx"][#list xs as x][#assign s = s + s][/#list]${s}';
      assert.match(renderError(source, { xs: Array.from({ length: 40 }, (_, i) => i) }).message, /grew beyond/);
    });
  });

  describe('localized variants', () => {
    const template = {
      defaultSubject: 'Hello ${user.firstName}',
      defaultHtmlTemplate: '<p>Hello</p>',
      defaultTextTemplate: 'Hello',
      localizedSubjects: { fr: 'Bonjour ${user.firstName}', de_DE: 'Hallo' },
      localizedHtmlTemplates: { fr: '<p>Bonjour</p>' },
    };

    it('picks the first preferred language the template has, exact locale before language', () => {
      assert.equal(chooseLocale(template, ['es', 'fr-CA', 'de_DE']), 'fr');
      assert.equal(chooseLocale(template, ['de-DE', 'fr']), 'de_DE');
      assert.equal(chooseLocale(template, ['es']), undefined);
      assert.equal(normalizeLocale('en-us'), 'en_US');
    });

    it('falls back to the default for parts the variant does not localize', () => {
      const composed = composeEmail(template, ['fr'], data);
      assert.deepEqual(composed.rendered, { subject: 'Bonjour Monica', html: '<p>Bonjour</p>', text: 'Hello' });
      assert.equal(composed.locale, 'fr');
    });

    it('reports errors per part, parse apart from render', () => {
      const composed = composeEmail({ defaultSubject: '${nope}', defaultHtmlTemplate: '[#if]', defaultTextTemplate: 'ok' }, [], data);
      assert.deepEqual(Object.keys(composed.errors.renderErrors), ['subject']);
      assert.deepEqual(Object.keys(composed.errors.parseErrors), ['html']);
      assert.equal(composed.rendered.text, 'ok');
    });
  });
});
