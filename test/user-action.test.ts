/** User Actions API (definitions): create, retrieve, update, patch, deactivate, reactivate, delete, and their rules. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { UserAction } from '@fusionauth/typescript-client';
import { expectStatus, fieldCodes } from './helpers/expect.js';
import { startTestServer, type TestServer } from './helpers/gatehouse.js';

describe('user actions', () => {
  let server: TestServer;
  let templateId: string;
  before(async () => {
    server = await startTestServer();
    const template = await server.client.createEmailTemplate(null as unknown as string, {
      emailTemplate: { name: 'Action email', defaultSubject: 'Hello', defaultHtmlTemplate: '<p>Hi</p>', defaultTextTemplate: 'Hi' },
    });
    templateId = template.response.emailTemplate!.id!;
  });
  after(() => server.stop());

  const create = (userAction: UserAction, id?: string) => server.client.createUserAction(id ?? (null as unknown as string), { userAction });
  const unique = (prefix: string) => `${prefix} ${randomUUID().slice(0, 8)}`;

  it('creates an action with a random id and FusionAuth defaults; a non-temporal one sends no end event', async () => {
    const name = unique('Reward');
    const response = await create({ name: `  ${name}  ` });
    assert.equal(response.statusCode, 200);
    const action = response.response.userAction!;
    assert.match(action.id!, /^[0-9a-f-]{36}$/);
    assert.equal(action.name, name);
    assert.equal(action.active, true);
    assert.equal(action.temporal, false);
    assert.equal(action.preventLogin, false);
    assert.equal(action.sendEndEvent, false);
    assert.equal(action.userEmailingEnabled, false);
    assert.equal(action.userNotificationsEnabled, false);
    assert.equal(action.includeEmailInEventJSON, false);
    assert.equal(action.transactionType, 'None');
    assert.deepEqual(action.options, []);
    assert.equal(action.insertInstant, action.lastUpdateInstant);
    assert.ok(Math.abs(action.insertInstant! - server.clock.now()) < 5_000);
  });

  it('creates with the given id; retrieve answers the same action', async () => {
    const id = randomUUID();
    const created = (await create({
      name: unique('Lock'), temporal: true, preventLogin: true, localizedNames: { de: 'Sperren' },
      options: [{ name: 'Soft', localizedNames: { de: 'Weich' } }],
    }, id)).response.userAction!;
    assert.equal(created.id, id);
    assert.equal(created.sendEndEvent, true);
    assert.deepEqual(created.localizedNames, { de: 'Sperren' });
    const retrieved = (await server.client.retrieveUserAction(id)).response.userAction;
    assert.deepEqual(retrieved, created);
  });

  it('refuses a taken id or name, a blank name, a login-preventing action that is not time-based and a nameless option', async () => {
    const id = randomUUID();
    const name = unique('Taken');
    await create({ name }, id);
    assert.deepEqual(fieldCodes(await expectStatus(create({ name: unique('Other') }, id), 400)), { userActionId: ['[duplicate]userActionId'] });
    assert.deepEqual(fieldCodes(await expectStatus(create({ name }), 400)), { 'userAction.name': ['[duplicate]userAction.name'] });
    assert.deepEqual(fieldCodes(await expectStatus(create({ name: '   ', preventLogin: true, options: [{ name: '' }] }), 400)), {
      'userAction.name': ['[blank]userAction.name'],
      'userAction.option.name': ['[blank]userAction.option.name'],
      'userAction.temporal': ['[invalid]userAction.temporal'],
    });
  });

  it('emailing needs existing templates: the start template, and for a time-based action modify, cancel and end too', async () => {
    assert.deepEqual(fieldCodes(await expectStatus(create({ name: unique('Mail'), userEmailingEnabled: true }), 400)), {
      'userAction.startEmailTemplateId': ['[missing]userAction.startEmailTemplateId'],
    });
    assert.deepEqual(fieldCodes(await expectStatus(create({ name: unique('Mail'), includeEmailInEventJSON: true, startEmailTemplateId: randomUUID() }), 400)), {
      'userAction.startEmailTemplateId': ['[invalid]userAction.startEmailTemplateId'],
    });
    assert.deepEqual(fieldCodes(await expectStatus(create({ name: unique('Mail'), temporal: true, userEmailingEnabled: true, startEmailTemplateId: templateId, endEmailTemplateId: 'not-a-uuid' }), 400)), {
      'userAction.modifyEmailTemplateId': ['[missing]userAction.modifyEmailTemplateId'],
      'userAction.cancelEmailTemplateId': ['[missing]userAction.cancelEmailTemplateId'],
      'userAction.endEmailTemplateId': ['[couldNotConvert]userAction.endEmailTemplateId'],
    });
    const all = { startEmailTemplateId: templateId, modifyEmailTemplateId: templateId, cancelEmailTemplateId: templateId, endEmailTemplateId: templateId };
    const temporal = (await create({ name: unique('Mail'), temporal: true, userEmailingEnabled: true, ...all })).response.userAction!;
    assert.equal(temporal.endEmailTemplateId, templateId);
    // Not time-based: only the start template is kept.
    const instant = (await create({ name: unique('Mail'), userEmailingEnabled: true, ...all })).response.userAction!;
    assert.equal(instant.startEmailTemplateId, templateId);
    assert.equal(instant.modifyEmailTemplateId, undefined);
    assert.equal(instant.endEmailTemplateId, undefined);
  });

  it('update replaces the action, keeps insertInstant and transactionType; patch merges', async () => {
    const created = (await create({ name: unique('Warn'), transactionType: 'Any' as never })).response.userAction!;
    server.clock.advance(2_000);
    const name = unique('Warning');
    const updated = (await server.client.updateUserAction(created.id!, { userAction: { name, temporal: true, preventLogin: true } })).response.userAction!;
    assert.equal(updated.name, name);
    assert.equal(updated.preventLogin, true);
    assert.equal(updated.transactionType, 'Any');
    assert.equal(updated.insertInstant, created.insertInstant);
    assert.ok(updated.lastUpdateInstant! >= created.lastUpdateInstant! + 2_000);
    const patched = (await server.client.patchUserAction(created.id!, { userAction: { userNotificationsEnabled: true } })).response.userAction!;
    assert.equal(patched.name, name);
    assert.equal(patched.temporal, true);
    assert.equal(patched.userNotificationsEnabled, true);
    assert.deepEqual((await server.client.retrieveUserAction(created.id!)).response.userAction, patched);
    await expectStatus(server.client.updateUserAction(randomUUID(), { userAction: { name: unique('Missing') } }), 404);
  });

  it('lists active actions by name; deactivate moves one to the inactive list until it is reactivated', async () => {
    const names = [unique('B list'), unique('A list')];
    const [b, a] = await Promise.all(names.map(async (name) => (await create({ name })).response.userAction!));
    const active = (await server.client.retrieveUserActions()).response.userActions!;
    const listed = active.map((x) => x.name!);
    assert.deepEqual(listed, [...listed].sort());
    assert.ok(listed.includes(a!.name!) && listed.includes(b!.name!));

    assert.equal((await server.client.deactivateUserAction(b!.id!)).statusCode, 200);
    assert.ok(!(await server.client.retrieveUserActions()).response.userActions!.some((x) => x.id === b!.id));
    const inactive = (await server.client.retrieveInactiveUserActions()).response.userActions!;
    assert.deepEqual(inactive.map((x) => x.id), [b!.id]);
    assert.equal((await server.client.retrieveUserAction(b!.id!)).response.userAction!.active, false);
    // An inactive action cannot be updated, and its name stays taken.
    assert.deepEqual(fieldCodes(await expectStatus(server.client.updateUserAction(b!.id!, { userAction: { name: unique('Renamed') } }), 400)), {
      userActionId: ['[inactive]userActionId'],
    });
    assert.deepEqual(fieldCodes(await expectStatus(create({ name: b!.name! }), 400)), { 'userAction.name': ['[inactive]userAction.name'] });

    const reactivated = (await server.client.reactivateUserAction(b!.id!)).response.userAction!;
    assert.equal(reactivated.active, true);
    assert.deepEqual((await server.client.retrieveInactiveUserActions()).response.userActions, []);
  });

  it('hard delete removes the action; missing ids are 404', async () => {
    const created = (await create({ name: unique('Gone') })).response.userAction!;
    assert.equal((await server.client.deleteUserAction(created.id!)).statusCode, 200);
    await expectStatus(server.client.retrieveUserAction(created.id!), 404);
    await expectStatus(server.client.deleteUserAction(created.id!), 404);
    await expectStatus(server.client.deactivateUserAction(randomUUID()), 404);
    await expectStatus(server.client.reactivateUserAction(randomUUID()), 404);
    assert.equal((await server.fetch('/api/user-action/not-a-uuid', { headers: { authorization: 'gatehouse-test-admin-key-0123456789abcdef' } })).status, 404);
  });

  it('a wrongly typed property is [invalidJSON]', async () => {
    const response = await server.fetch('/api/user-action', {
      method: 'POST',
      headers: { authorization: 'gatehouse-test-admin-key-0123456789abcdef', 'content-type': 'application/json' },
      body: JSON.stringify({ userAction: { name: 'Bad', temporal: 'yes' } }),
    });
    assert.equal(response.status, 400);
    const body = await response.json() as { fieldErrors: Record<string, { code: string }[]> };
    assert.equal(body.fieldErrors['userAction.temporal']?.[0]?.code, '[invalidJSON]userAction.temporal');
  });

  it('a tenant\'s failed-authentication action must be an active, time-based action that prevents login', async () => {
    const tenantId = await server.defaultTenantId();
    const path = 'tenant.failedAuthenticationConfiguration.userActionId';
    const configure = (userActionId: string) => server.client.patchTenant(tenantId, { tenant: { failedAuthenticationConfiguration: { userActionId } } });
    const reward = (await create({ name: unique('Not a lock') })).response.userAction!;
    assert.deepEqual(fieldCodes(await expectStatus(configure(reward.id!), 400)), { [path]: [`[invalid]${path}`] });
    const lock = (await create({ name: unique('Lock'), temporal: true, preventLogin: true })).response.userAction!;
    assert.equal((await configure(lock.id!)).statusCode, 200);
    assert.equal((await server.client.retrieveTenant(tenantId)).response.tenant!.failedAuthenticationConfiguration!.userActionId, lock.id);
    const other = (await create({ name: unique('Lock'), temporal: true, preventLogin: true })).response.userAction!;
    await server.client.deactivateUserAction(other.id!);
    assert.deepEqual(fieldCodes(await expectStatus(configure(other.id!), 400)), { [path]: [`[missing]${path}`] });
    assert.deepEqual(fieldCodes(await expectStatus(configure(randomUUID()), 400)), { [path]: [`[missing]${path}`] });
  });
});
