// Where LiteMail is silent the spec follows Zapmail (the API LiteMail's docs were modelled on).
// These facts are copied by hand from Zapmail's docs, with the page each comes from, and checked
// against the shipped spec: a field renamed back, a requirement dropped or a header re-declared
// fails here. The expected values are never read from the spec.
import { describe, expect, it } from 'vitest';
import { deref, listOperations } from '../../scripts/spec/spec.mjs';
import { spec } from '../support/spec-examples.js';

const ZAPMAIL = {
  user: 'https://docs.zapmail.ai/retrieve-user-details-13489341e0',
  mailboxById: 'https://docs.zapmail.ai/get-mailbox-details-by-id-13490215e0',
  listPage: 'https://docs.zapmail.ai/list-assignable-domains-13520727e0',
  mailboxList: 'https://docs.zapmail.ai/retrieve-all-mailboxes-13490172e0',
  assignMailboxes: 'https://docs.zapmail.ai/assign-new-mailboxes-to-domains-13490321e0',
  workspaces: 'https://docs.zapmail.ai/retrieve-all-workspaces-13489896e0',
  billing: 'https://docs.zapmail.ai/add-billing-details-13490005e0',
  autoRecharge: 'https://docs.zapmail.ai/enable-auto-recharge-13490713e0',
  exportMailboxes: 'https://docs.zapmail.ai/export-mailboxes-13490737e0',
  upgrade: 'https://docs.zapmail.ai/upgrade-existing-subscription-13489501e0',
  rateLimits: 'https://docs.zapmail.ai/rate-limits-2495975m0',
  pagination: 'https://docs.zapmail.ai/pagination-2495976m0',
};

/** Properties and required names of a schema, through `$ref` and `allOf`. */
function shape(schema: any): { properties: Record<string, any>; required: string[] } {
  const node = deref(spec, schema) ?? {};
  const parts = (node.allOf ?? []).map(shape);
  return {
    properties: Object.assign({}, node.properties, ...parts.map((p: ReturnType<typeof shape>) => p.properties)),
    required: [...(node.required ?? []), ...parts.flatMap((p: ReturnType<typeof shape>) => p.required)],
  };
}

/** The schema at a path of property names inside an operation's response (or request) body. */
function schemaAt(method: string, path: string, where: 'request' | string, names: string[]): any {
  const op = spec.paths[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`${method} ${path} is not in the spec`);
  const media = where === 'request' ? deref(spec, op.requestBody).content['application/json'] : deref(spec, op.responses[where]).content['application/json'];
  return names.reduce((schema, name) => {
    const found = shape(schema).properties[name];
    if (!found) throw new Error(`${method} ${path} ${where}: no property "${name}"`);
    return found;
  }, media.schema);
}

interface FieldFact {
  source: string;
  /** The Zapmail object, and where the spec has its counterpart. */
  object: string;
  at: [method: string, path: string, where: 'request' | string, names: string[]];
  /** Zapmail's field names the counterpart must have. */
  fields: string[];
  /** Fields Zapmail marks required (all of `fields` when true). */
  required?: string[] | true;
  /** Names the spec used before aligning with Zapmail, which must be gone. */
  notFields?: string[];
}

const fieldFacts: FieldFact[] = [
  {
    source: ZAPMAIL.user,
    object: 'user',
    at: ['GET', '/v1/users', '200', ['data']],
    fields: ['id', 'email', 'firstName', 'lastName', 'activePlan', 'planEndsOn', 'purchasedMailboxes', 'assignedMailboxes', 'userCreatedAt', 'walletBalance'],
    required: true,
    notFields: ['createdAt'],
  },
  {
    source: ZAPMAIL.mailboxById,
    object: 'mailbox, wrapped as data.mailbox',
    at: ['GET', '/v1/mailboxes/{id}', '200', ['data', 'mailbox']],
    fields: ['id', 'username', 'firstName', 'lastName', 'status', 'profilePicture', 'domain', 'domainId', 'assignedOn', 'expireOn', 'createdAt'],
    required: true,
    notFields: ['mailboxUsername', 'domainName', 'profilePictureUrl', 'renewalDate'],
  },
  {
    source: ZAPMAIL.listPage,
    object: 'list page: page information directly in data, beside the items',
    at: ['GET', '/v1/domains/assignable', '200', ['data']],
    fields: ['totalSearchedCount', 'currentPage', 'nextPage', 'totalPages', 'domains'],
    required: true,
    notFields: ['pagination'],
  },
  {
    source: ZAPMAIL.mailboxList,
    object: 'mailbox list page',
    at: ['GET', '/v1/mailboxes', '200', ['data']],
    fields: ['totalSearchedCount', 'currentPage', 'nextPage', 'totalPages'],
    required: true,
    notFields: ['pagination'],
  },
  {
    source: ZAPMAIL.listPage,
    object: 'domain in a list',
    at: ['GET', '/v1/domains/assignable', '200', ['data', 'domains']],
    fields: ['id', 'workspaceId', 'domain', 'status', 'createdAt', 'updatedAt', 'forwardTo', 'dmarcEmail', 'assignedMailboxesCount'],
  },
  {
    source: ZAPMAIL.assignMailboxes,
    object: 'new mailbox in the assign body',
    at: ['POST', '/v1/mailboxes', 'request', []],
    fields: ['firstName', 'lastName', 'mailboxUsername'],
    required: true,
  },
  {
    source: ZAPMAIL.workspaces,
    object: 'workspace',
    at: ['GET', '/v1/workspaces', '200', ['data', 'workspaces']],
    fields: ['id', 'name', 'domainCount', 'mailboxCount'],
  },
  {
    source: ZAPMAIL.billing,
    object: 'billing details body',
    at: ['POST', '/v1/billing-details', 'request', []],
    fields: ['firstName', 'lastName', 'company', 'addressLineOne', 'addressLineTwo', 'addressLineThree', 'city', 'state', 'country', 'postalCode', 'phoneCc', 'phone'],
  },
  {
    source: ZAPMAIL.autoRecharge,
    object: 'auto-recharge body',
    at: ['POST', '/v1/wallet/auto-recharge', 'request', []],
    fields: ['enable', 'threshold', 'minimumRechargeAmount'],
    required: ['enable'],
  },
  {
    source: ZAPMAIL.exportMailboxes,
    object: 'export body',
    at: ['POST', '/v1/exports', 'request', []],
    fields: ['apps', 'ids', 'excludeIds', 'tagIds', 'contains', 'status'],
    required: ['apps'],
  },
  {
    source: ZAPMAIL.upgrade,
    object: 'upgrade body',
    at: ['PUT', '/v1/subscriptions/{id}', 'request', []],
    fields: ['lookupKey'],
    required: ['lookupKey'],
  },
];

describe("Zapmail's names and shapes, where LiteMail is silent", () => {
  it.each(fieldFacts.map((f) => [`${f.object} (${f.source})`, f] as const))('%s', (_, fact) => {
    const [method, path, where, names] = fact.at;
    let schema = schemaAt(method, path, where, names);
    if (deref(spec, schema)?.type === 'array') schema = deref(spec, schema).items;
    const { properties, required } = shape(schema);
    expect(Object.keys(properties)).toEqual(expect.arrayContaining(fact.fields));
    const mustRequire = fact.required === true ? fact.fields : (fact.required ?? []);
    expect(required).toEqual(expect.arrayContaining(mustRequire));
    for (const old of fact.notFields ?? []) expect(Object.keys(properties)).not.toContain(old);
  });

  it(`every list takes page and limit (${ZAPMAIL.pagination})`, () => {
    const lists = listOperations(spec).filter(({ op }: any) => op['x-litemail-pagination']);
    expect(lists.length).toBeGreaterThanOrEqual(10);
    for (const { method, path, op } of lists) {
      const names = (op.parameters ?? []).map((p: any) => deref(spec, p).name);
      expect(names, `${method} ${path}`).toEqual(expect.arrayContaining(['page', 'limit']));
    }
  });

  it(`Zapmail's own last page, currentPage 1, nextPage 2, totalPages 1, is a valid page (${ZAPMAIL.listPage})`, () => {
    const { properties } = shape(schemaAt('GET', '/v1/domains/assignable', '200', ['data']));
    const types = (name: string) => [deref(spec, properties[name]).type].flat();
    for (const name of ['currentPage', 'totalPages', 'totalSearchedCount']) expect(types(name)).toContain('integer');
    // nextPage is a number on Zapmail's last page: the schema must not force null there.
    expect(types('nextPage')).toContain('integer');
  });

  it(`no 429 declares Retry-After; the spec states Zapmail's limits, 5 requests/s and 200/min (${ZAPMAIL.rateLimits})`, () => {
    let seen = 0;
    for (const { method, path, op } of listOperations(spec)) {
      const tooMany = deref(spec, op.responses?.['429']);
      if (!tooMany) continue;
      seen++;
      const headers = Object.keys(tooMany.headers ?? {}).map((h) => h.toLowerCase());
      expect(headers, `${method} ${path}`).not.toContain('retry-after');
    }
    expect(seen).toBeGreaterThan(50);
    expect(spec.info.description).toMatch(/5 requests per second/);
    expect(spec.info.description).toMatch(/200 per minute/);
  });
});

describe('departures from Zapmail say so, with a reason', () => {
  // Each deliberate difference, and a word the description of the schema or operation concerned must use.
  const departures: [what: string, description: () => string, mustMention: RegExp][] = [
    ['the {success, message, data} envelope (Zapmail: {status, message, data})', () => spec.components.schemas.Envelope.description, /Zapmail.*\{status, message, data\}/s],
    ['mailbox extras and the missing appPassword/secret', () => spec.components.schemas.Mailbox.description, /appPassword/],
    ['the flat mailbox list (Zapmail groups by domain)', () => spec.paths['/v1/mailboxes'].get.description, /groups them under\s+their domains/],
    ['DNS domainId for assignedDomainId', () => spec.paths['/v1/dns'].post.description, /assignedDomainId/],
    ['counts as integers in workspaces (Zapmail: strings)', () => spec.components.schemas.Workspace.description, /strings/],
  ];
  it.each(departures)('%s', (_, description, mustMention) => {
    expect(description()).toMatch(mustMention);
    expect(description()).toMatch(/[Dd]eparture/);
  });
});
