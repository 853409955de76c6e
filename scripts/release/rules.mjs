// The rules of spec:diff: every kind of change it reports, with its class and its wording. One
// entry per row of docs/spec-diff.md, which says why each class is what it is (for a TypeScript
// user of the generated types, called through openapi-fetch); test/unit/spec-diff-rules.test.ts
// keeps the two in step. Finding the changes is diff.mjs's job; this module only names them.
//
// Rules under "Schemas" exist once per direction: `request-…` for what the client sends
// (parameters, request bodies), `response-…` for what it receives (response bodies and headers).
// A request breaks when it accepts fewer values; a response when it may return more.

/** @typedef {'breaking' | 'non-breaking' | 'annotation'} ChangeClass */
/** @typedef {{ class: ChangeClass, text: (d: any) => string }} Rule */

const B = 'breaking';
const N = 'non-breaking';
const A = 'annotation';

/** Text as a Markdown code span: fenced with two backticks when it holds one. */
const code = (text) => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``);

/** A value in a line of the report: JSON, cut when long. */
export function show(value, limit = 60) {
  const text = JSON.stringify(value) ?? 'undefined';
  return code(text.length > limit ? `${text.slice(0, limit - 1)}…` : text);
}

/**
 * A value before and after, showing the part that changed: two long descriptions that differ in
 * their middle are both shown from a few words before the first difference, not from their
 * first letters (which are the same).
 */
export function showChange(before, after, limit = 60) {
  const [x, y] = [JSON.stringify(before) ?? 'undefined', JSON.stringify(after) ?? 'undefined'];
  if (x.length <= limit && y.length <= limit) return `${code(x)} → ${code(y)}`;
  let first = 0;
  while (first < x.length && first < y.length && x[first] === y[first]) first++;
  // Start a few words before the first difference, after a space or a JSON delimiter.
  let from = 0;
  for (let i = first - 20; i >= Math.max(0, first - 40); i--) {
    if (' ",{[('.includes(x[i])) {
      from = i + 1;
      break;
    }
  }
  if (from === 0 && first > 40) from = first - 24;
  if (from <= 12) from = 0;
  const excerpt = (text) => `${from > 0 ? '…' : ''}${text.length - from > limit ? `${text.slice(from, from + limit - 1)}…` : text.slice(from)}`;
  return `${code(excerpt(x))} → ${code(excerpt(y))}`;
}

const list = (values) => values.map((v) => show(v)).join(', ');
const keyword = (d) => `\`${d.keyword}\``;
const edit = (d) => d.text ?? (d.before === undefined ? `${keyword(d)} ${show(d.after)} added` : d.after === undefined ? `${keyword(d)} ${show(d.before)} removed` : `${keyword(d)} ${showChange(d.before, d.after)}`);
const types = (t) => (t === null ? 'any type' : t.length ? t.map((x) => `\`${x}\``).join(' or ') : 'nothing (`false`)');
const typeEdit = (d) => {
  const [was, now] = [d.before?.filter((t) => t !== 'null'), d.after?.filter((t) => t !== 'null')];
  if (was && now && was.length && was.join() === now.join()) return d.after.includes('null') ? 'may now be null' : 'can no longer be null';
  return `type ${types(d.before)} → ${types(d.after)}`;
};
const security = (alternatives) => alternatives.map((set) => Object.entries(set).map(([name, scopes]) => `\`${name}\`${scopes.length ? ` (${scopes.join(', ')})` : ''}`).join(' and ') || 'none').join(' or ');
const variant = (d) => (d.name ? `\`${d.name}\`` : show(d.schema));
const required = (d) => (d.required ? ' (required)' : ' (optional)');

/**
 * The schema rules both directions have: how each reads (the same either way), and its class
 * when the client sends the data (`request-…`) and when it receives it (`response-…`).
 */
const SCHEMA_RULES = {
  'property-removed': [B, B, () => 'removed'],
  'property-became-required': [B, N, () => 'now required'],
  'property-became-optional': [N, B, () => 'now optional'],
  'type-changed': [B, B, typeEdit],
  'type-widened': [N, B, typeEdit],
  'type-narrowed': [B, N, typeEdit],
  'format-added': [B, N, (d) => `format \`${d.after}\` added`],
  'format-removed': [N, B, (d) => `format \`${d.before}\` removed`],
  'format-changed': [B, B, (d) => `format \`${d.before}\` → \`${d.after}\``],
  'enum-added': [B, B, (d) => `now limited to ${list(d.values)}`],
  'enum-removed': [N, B, (d) => `no longer limited to ${list(d.values)}`],
  'enum-value-added': [N, B, (d) => `value ${show(d.value)} added`],
  'enum-value-removed': [B, B, (d) => `value ${show(d.value)} removed`],
  'constraint-tightened': [B, N, edit],
  'constraint-loosened': [N, B, edit],
  'variant-added': [N, B, (d) => `variant ${variant(d)} added`],
  'variant-removed': [B, N, (d) => `variant ${variant(d)} removed`],
};

/** SCHEMA_RULES as rules: `request-<kind>` and `response-<kind>`. @returns {Record<string, Rule>} */
function schemaRules() {
  return Object.fromEntries(
    Object.entries(SCHEMA_RULES).flatMap(([kind, [request, response, text]]) => [
      [`request-${kind}`, { class: request, text }],
      [`response-${kind}`, { class: response, text }],
    ]),
  );
}

/** @type {Record<string, Rule>} */
export const RULES = {
  // Operations
  'operation-added': { class: N, text: () => 'operation added' },
  'operation-removed': { class: B, text: () => 'operation removed' },
  'operation-id-added': { class: N, text: (d) => `operationId \`${d.after}\` added` },
  'operation-id-removed': { class: B, text: (d) => `operationId \`${d.before}\` removed` },
  'operation-id-changed': { class: B, text: (d) => `operationId \`${d.before}\` → \`${d.after}\`` },
  deprecated: { class: N, text: () => 'deprecated' },
  undeprecated: { class: N, text: () => 'no longer deprecated' },
  'billable-set': { class: B, text: () => '`x-litemail-billable` set: the client now never re-sends this call on its own, whatever the error' },
  'billable-cleared': { class: B, text: () => '`x-litemail-billable` cleared: the client may now re-send this call after a failure' },
  'idempotent-set': { class: B, text: () => '`x-litemail-idempotent` set: the client may now re-send this call after a failure' },
  'idempotent-cleared': { class: B, text: () => '`x-litemail-idempotent` cleared: the client no longer re-sends this call after a failure' },
  'pagination-added': { class: N, text: () => '`x-litemail-pagination` added: `lm.paginate()` accepts it' },
  'pagination-removed': { class: B, text: () => '`x-litemail-pagination` removed: `lm.paginate()` no longer accepts it' },
  'pagination-changed': { class: B, text: edit },
  'security-tightened': { class: B, text: (d) => `security ${security(d.before)} → ${security(d.after)}` },
  'security-loosened': { class: N, text: (d) => `security ${security(d.before)} → ${security(d.after)}` },
  'parameter-added-required': { class: B, text: () => 'added (required)' },
  'parameter-added-optional': { class: N, text: () => 'added (optional)' },
  'parameter-removed': { class: B, text: () => 'removed' },
  'parameter-became-required': { class: B, text: () => 'now required' },
  'parameter-became-optional': { class: N, text: () => 'now optional' },
  'parameter-serialization-changed': { class: B, text: edit },
  'request-body-added-required': { class: B, text: () => 'added (required)' },
  'request-body-added-optional': { class: N, text: () => 'added (optional)' },
  'request-body-removed': { class: B, text: () => 'removed' },
  'request-body-became-required': { class: B, text: () => 'now required' },
  'request-body-became-optional': { class: N, text: () => 'now optional' },
  'request-media-type-added': { class: N, text: (d) => `media type \`${d.name}\` added` },
  'request-media-type-removed': { class: B, text: (d) => `media type \`${d.name}\` removed` },
  'response-added-same-type': { class: N, text: (d) => (d.name ? `media type \`${d.name}\` added` : 'added') },
  'response-added-new-type': { class: B, text: (d) => `${d.name ? `media type \`${d.name}\` added` : 'added'}, a new type for \`${d.union}\`` },
  'success-response-removed': { class: B, text: (d) => (d.name ? `media type \`${d.name}\` removed` : 'removed') },
  'error-response-removed': { class: N, text: (d) => (d.name ? `media type \`${d.name}\` removed` : 'removed') },
  'last-error-response-removed': { class: B, text: (d) => `${d.name ? `media type \`${d.name}\` removed` : 'removed'}: \`error\` has no type left` },
  'response-header-added': { class: N, text: (d) => `added${required(d)}` },
  'response-header-removed': { class: B, text: () => 'removed' },
  'response-header-became-optional': { class: B, text: () => 'now optional' },
  'response-header-became-required': { class: N, text: () => 'now required' },

  ...schemaRules(),
  // Schemas: rules of one direction
  'request-property-added-required': { class: B, text: () => 'added (required)' },
  'request-property-added-optional': { class: N, text: () => 'added (optional)' },
  'request-default-added': { class: N, text: (d) => `default ${show(d.after)} added` },
  'request-default-made-required': { class: B, text: (d) => `default ${show(d.after)} added: openapi-typescript now types \`${d.name}\` as required` },
  'request-default-removed': { class: B, text: (d) => `default ${show(d.before)} removed` },
  'request-default-changed': { class: B, text: (d) => `default ${showChange(d.before, d.after)}` },
  'request-read-only-added': { class: B, text: () => 'now read-only' },
  'request-read-only-removed': { class: N, text: () => 'no longer read-only' },
  'response-property-added': { class: N, text: (d) => `added${d.required ? '' : ' (optional)'}` },
  'response-default-added': { class: N, text: (d) => `default ${show(d.after)} added` },
  'response-default-removed': { class: B, text: (d) => `default ${show(d.before)} removed: openapi-typescript now types \`${d.name}\` as optional` },
  'response-object-opened': { class: N, text: () => '`additionalProperties: false` removed' },
  'response-write-only-added': { class: B, text: () => 'now write-only' },
  'response-write-only-removed': { class: N, text: () => 'no longer write-only' },

  // The document
  'default-server-changed': { class: B, text: (d) => `default server ${show(d.before)} → ${show(d.after)}` },
  'client-fact-changed': { class: N, text: edit },
  'security-scheme-added': { class: N, text: (d) => `security scheme \`${d.name}\` added` },
  'security-scheme-removed': { class: N, text: (d) => `security scheme \`${d.name}\` removed` },
  'security-scheme-changed': { class: B, text: (d) => `security scheme \`${d.name}\`: ${edit(d)}` },
  'component-added': { class: N, text: (d) => `${d.kind} \`${d.name}\` added` },
  'component-removed': { class: B, text: (d) => `${d.kind} \`${d.name}\` removed` },
  'webhook-added': { class: N, text: (d) => `webhook \`${d.name}\` added` },
  'webhook-removed': { class: B, text: (d) => `webhook \`${d.name}\` removed` },
  'webhook-changed': { class: B, text: (d) => `webhook \`${d.name}\` changed` },
  annotation: { class: A, text: (d) => (d.text ? d.text : edit(d)) },
  'unknown-change': { class: B, text: (d) => `${edit(d)} (no rule knows \`${d.keyword}\`: counted as breaking)` },
};

export const CLASSES = /** @type {const} */ (['breaking', 'non-breaking', 'annotation']);
