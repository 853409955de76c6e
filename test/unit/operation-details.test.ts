// Which constraints of the spec are designed (they warn in the CLI and the MCP server) and which
// block: the generator's rule (scripts/generate/operation-details.mjs) on hand-written schemas, and
// its result on the real spec's ids (generated/operation-details.json), pinned here by hand.
import { describe, expect, it } from 'vitest';
import { findOperation } from '../../src/cli/spec-operations.js';
import { designedConstraints } from '../../scripts/generate/operation-details.mjs';

describe('designedConstraints', () => {
  it('lists every value constraint a schema has, additionalProperties: false included', () => {
    expect(designedConstraints({ type: 'string', pattern: '^a$', minLength: 1, maxLength: 3, format: 'email', enum: ['a'] })).toEqual([
      'pattern',
      'format',
      'minLength',
      'maxLength',
    ]);
    expect(designedConstraints({ type: 'object', additionalProperties: false, minProperties: 1, required: ['a'] })).toEqual(['minProperties', 'additionalProperties']);
  });

  it('leaves out types, enums, required fields and an open additionalProperties', () => {
    expect(designedConstraints({ type: ['string', 'null'], enum: ['A', null], const: 'A' })).toEqual([]);
    expect(designedConstraints({ type: 'object', required: ['a'], additionalProperties: { type: 'string' } })).toEqual([]);
  });

  it('leaves out the constraints x-litemail-observed lists, and refuses a listed constraint the schema lacks', () => {
    expect(designedConstraints({ pattern: '^a$', maxLength: 9, 'x-litemail-observed': { constraints: ['pattern'], source: 'https://docs.litemail.ai/x' } })).toEqual(['maxLength']);
    expect(() => designedConstraints({ pattern: '^a$', 'x-litemail-observed': { constraints: ['format'] } })).toThrow(/lists format, which the schema does not constrain/);
  });
});

describe('the spec’s ids (generated/operation-details.json)', () => {
  const op = (id: string) => findOperation(id)!;

  it('only the mailbox id has a pattern, designed (generalised from the one mailbox id seen)', () => {
    expect((op('getMailboxDetails').input.properties as any).id.pattern).toBe('^[a-z0-9]{20,40}$');
    expect((op('getMailboxDetails').designed as Record<string, string>)['#/properties/id/pattern']).toBe('spec/openapi.yaml, schema MailboxId');
    for (const id of ['getDomainDetails', 'updateWorkspace', 'updateTag', 'deleteWebhook', 'upgradeSubscription', 'updateDnsRecord']) {
      expect((op(id).input.properties as any).id.pattern, id).toBeUndefined();
    }
  });

  it('names where each designed constraint is written: a named schema, or the operation', () => {
    expect(op('createWorkspace').designed).toEqual({
      '#/properties/body/properties/name/minLength': 'spec/paths/workspaces.yaml, schema CreateWorkspaceRequest',
      '#/properties/body/additionalProperties': 'spec/paths/workspaces.yaml, schema CreateWorkspaceRequest',
    });
  });
});
