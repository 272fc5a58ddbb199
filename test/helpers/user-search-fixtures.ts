/**
 * A small, fixed population for the user search tests, in a tenant of its own so that searches scoped
 * to it see exactly these four users (created in this order, one clock second apart):
 *
 * | user  | email                  | username     | names                  | birthDate  | other |
 * |-------|------------------------|--------------|------------------------|------------|-------|
 * | alice | alice.smith@acme.test  | alice        | Alice Smith (full)     | 1980-05-01 | data {company PiedPiper, level 3, migrated true, tags [a, b]}; app A [admin] |
 * | bob   | bob.jones@acme.test    | bobby        | Bob Jones              | 1990-12-24 | data {company hooli, level 7}; app A [user], app B [admin]; group G; last login |
 * | carol | carol@other.test       | —            | Carol Johnson          | —          | data {company PIEDPIPER}; group G; deactivated |
 * | dave  | —                      | dave-johnson | Dave                   | —          | phone +1 303 555 0100 |
 */
import type { FusionAuthClient, User } from '@fusionauth/typescript-client';
import { addTenant, ADMIN_API_KEY, type TestServer } from './gatehouse.js';
import { PASSWORD, uniqueName } from './user-fixtures.js';

const NO_ID = null as unknown as string;

export interface SearchPopulation {
  readonly tenantId: string;
  /** A client scoped to the population's tenant. */
  readonly client: FusionAuthClient;
  readonly alice: User;
  readonly bob: User;
  readonly carol: User;
  readonly dave: User;
  readonly appA: string;
  readonly appB: string;
  readonly groupId: string;
  readonly bobLastLogin: number;
}

export async function createSearchPopulation(server: TestServer, tenantId: string): Promise<SearchPopulation> {
  await addTenant(server, tenantId);
  const client = server.clientWith(ADMIN_API_KEY, tenantId);
  const roles = [{ name: 'admin' }, { name: 'user' }];
  const appA = (await client.createApplication(NO_ID, { application: { name: uniqueName('App A'), roles } })).response.application!.id!;
  const appB = (await client.createApplication(NO_ID, { application: { name: uniqueName('App B'), roles } })).response.application!.id!;
  const groupId = (await client.createGroup(NO_ID, { group: { name: uniqueName('G') } })).response.group!.id!;

  const create = async (user: User): Promise<User> => {
    server.clock.advance(1000);
    return (await client.createUser(NO_ID, { user: { password: PASSWORD, ...user } })).response.user!;
  };
  const alice = await create({
    email: 'alice.smith@acme.test', username: 'alice', firstName: 'Alice', lastName: 'Smith', fullName: 'Alice Smith', birthDate: '1980-05-01',
    data: { company: 'PiedPiper', level: 3, migrated: true, tags: ['a', 'b'] },
  });
  const bob = await create({ email: 'bob.jones@acme.test', username: 'bobby', firstName: 'Bob', lastName: 'Jones', birthDate: '1990-12-24', data: { company: 'hooli', level: 7 } });
  const carol = await create({ email: 'carol@other.test', firstName: 'Carol', lastName: 'Johnson', data: { company: 'PIEDPIPER' } });
  const dave = await create({ username: 'dave-johnson', firstName: 'Dave', phoneNumber: '+1 303 555 0100' });

  await client.register(alice.id!, { registration: { applicationId: appA, roles: ['admin'] } });
  await client.register(bob.id!, { registration: { applicationId: appA, roles: ['user'] } });
  await client.register(bob.id!, { registration: { applicationId: appB, roles: ['admin'] } });
  await client.createGroupMembers({ members: { [groupId]: [{ userId: bob.id! }, { userId: carol.id! }] } });
  await client.deactivateUser(carol.id!);
  // Logins belong to the Login API; the instant is all a search needs.
  const bobLastLogin = server.clock.now();
  await server.running.database.db.updateTable('users').set({ last_login_instant: bobLastLogin }).where('id', '=', bob.id!).execute();
  return { tenantId, client, alice, bob, carol, dave, appA, appB, groupId, bobLastLogin };
}

/** The ids of a search response's users, in order. */
export const idsOf = (response: { users?: User[] }): string[] => (response.users ?? []).map((u) => u.id!);
