// Comparing two JSON Schemas (OpenAPI 3.1's dialect) keyword by keyword, as a TypeScript user of
// the generated types meets them: in what the client sends (`request`) fewer accepted values
// break, in what it receives (`response`) more possible values break. Each change found is handed
// to `cx.emit(rule, at, data)` under a rule of rules.mjs named `<direction>-<kind>`; this module
// decides the kind, diff-operation.mjs says where the schema is.
import { canonical, follow, isAnnotation, keywordChange, refName, same } from './diff-document.mjs';

/**
 * @typedef {{ a: object, b: object, direction: 'request' | 'response', emit: (rule: string, at: At, data: object) => void }} Context
 * @typedef {{ place: string, field: string[], variants: string[], pairs: string[], named: boolean, property?: { required: boolean, named: boolean } }} At
 */

/** Bounds that accept fewer values as they grow, and those that accept fewer as they shrink. */
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties', 'minContains'];
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties', 'maxContains'];
/**
 * Keywords compared as a whole: present, they accept fewer values; absent, more; changed, they
 * accept some values they refused and refuse some they accepted.
 */
const WHOLE = [
  'pattern', 'not', 'if', 'then', 'else', 'contains', 'dependentRequired', 'dependentSchemas', 'patternProperties', 'propertyNames',
  'unevaluatedItems', 'unevaluatedProperties', 'prefixItems', 'contentSchema', 'contentMediaType', 'contentEncoding', 'discriminator', 'allOf',
];
/** Keywords this module reads; any other keyword that changes is an `unknown-change`. */
const KNOWN = new Set([
  ...['type', 'enum', 'const', 'format', 'default', 'properties', 'required', 'items', 'additionalProperties', 'oneOf', 'anyOf'],
  ...['readOnly', 'writeOnly', 'deprecated', 'multipleOf', 'uniqueItems', ...LOWER_BOUNDS, ...UPPER_BOUNDS, ...WHOLE],
]);
/** Schema keywords the generator reads as facts for the client; reported once, for the document. */
export const CLIENT_FACT_KEYWORDS = new Set(['x-litemail-paging', 'x-litemail-error-message']);

const JSON_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];

/** A new place to compare schemas at (a parameter, a body, a header). @returns {At} */
export const startAt = (place) => ({ place, field: [], variants: [], pairs: [], named: false });

/** The words for a place: `response 200 \`data.domains[].status\` (in \`Mode A\`)`. */
export function describeAt(/** @type {At} */ at) {
  const field = at.field.reduce((text, part) => (part === '[]' ? `${text}[]` : text ? `${text}.${part}` : part), '');
  return `${at.place}${field ? ` \`${field}\`` : ''}${at.variants.length ? ` (in ${at.variants.join(' in ')})` : ''}`;
}

/** Compares the schema `before` (in cx.a) with `after` (in cx.b) at `at`. */
export function compareSchemas(/** @type {Context} */ cx, before, after, /** @type {At} */ at) {
  const [x, y] = [follow(cx.a, before), follow(cx.b, after)];
  const pair = `${x.ref ?? ''}|${y.ref ?? ''}`;
  if (pair !== '|' && at.pairs.includes(pair)) return; // a schema that contains itself: compared once
  const isNamed = (ref) => Boolean(ref?.startsWith('#/components/schemas/'));
  const here = { ...at, pairs: pair === '|' ? at.pairs : [...at.pairs, pair], named: at.named || isNamed(x.ref) || isNamed(y.ref) };
  const [s, t] = [asObject(cx.a, x.node), asObject(cx.b, y.node)];
  const variants = (schema) => Boolean(schema.oneOf ?? schema.anyOf);
  // A schema that becomes one variant among several (or the reverse) is a list of one variant.
  if (variants(s) !== variants(t) && !s.$nothing && !t.$nothing) return compareVariants(cx, s, t, here);
  if (compareTypes(cx, s, t, here) === 'nothing') return; // `false` on a side: nothing else to compare
  compareVariants(cx, s, t, here);
  compareEnums(cx, s, t, here);
  compareFormatAndDefault(cx, s, t, here);
  compareConstraints(cx, s, t, here);
  compareProperties(cx, s, t, here);
  compareChildren(cx, s, t, here);
  compareFlagsAndRest(cx, s, t, here);
}

/** `true` as `{}`, and `false` (or `{ not: {} }`) as a schema that says so. */
function asObject(doc, schema) {
  if (schema === true || schema === undefined) return {};
  if (schema === false || (schema.not !== undefined && canonical(doc, schema.not) === true)) return { $nothing: true };
  return schema;
}

const covers = (types, t) => types.includes(t) || (t === 'integer' && types.includes('number'));
const typeOfValue = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v);

/**
 * The JSON types a schema allows (`integer` included in `number`): its `type`, narrowed to the
 * types of its `enum` or `const` values when it has them (`{ const: "A" }` is a string); every
 * type when it says none. A `null` in `type` counts even when the values leave it out:
 * openapi-typescript still adds `| null` to the generated union.
 */
function typesOf(s) {
  if (s.$nothing) return [];
  const declared = 'type' in s ? [s.type].flat() : JSON_TYPES;
  const values = valuesOf(s);
  if (!values) return declared;
  const types = [...new Set(values.map(typeOfValue))].filter((t) => covers(declared, t));
  if (declared !== JSON_TYPES && declared.includes('null') && !types.includes('null')) types.push('null');
  return declared === JSON_TYPES || types.length < declared.length ? types : declared;
}

function compareTypes(cx, s, t, at) {
  const [was, now] = [typesOf(s), typesOf(t)];
  const widened = was.every((type) => covers(now, type)) && !now.every((type) => covers(was, type));
  const narrowed = now.every((type) => covers(was, type)) && !was.every((type) => covers(now, type));
  const show = (types) => (types === JSON_TYPES ? null : [...types].sort()); // null: any type
  if (widened || narrowed || !was.every((type) => covers(now, type))) {
    const kind = widened ? 'widened' : narrowed ? 'narrowed' : 'changed';
    cx.emit(`${cx.direction}-type-${kind}`, at, { before: show(was), after: show(now) });
  }
  return s.$nothing || t.$nothing ? 'nothing' : 'compared';
}

/** The values of `enum` or `const`, or undefined when the schema has neither. */
const valuesOf = (s) => ('const' in s ? [s.const] : Array.isArray(s.enum) ? s.enum : undefined);

function compareEnums(cx, s, t, at) {
  const [was, now] = [valuesOf(s), valuesOf(t)];
  const d = cx.direction;
  if (!was && !now) return;
  if (!was) return cx.emit(`${d}-enum-added`, at, { values: now });
  if (!now) return cx.emit(`${d}-enum-removed`, at, { values: was });
  for (const value of now.filter((v) => !was.some((w) => same(v, w)))) cx.emit(`${d}-enum-value-added`, at, { value });
  for (const value of was.filter((v) => !now.some((w) => same(v, w)))) cx.emit(`${d}-enum-value-removed`, at, { value });
}

function compareFormatAndDefault(cx, s, t, at) {
  const d = cx.direction;
  if (s.format !== t.format) {
    const kind = s.format === undefined ? 'added' : t.format === undefined ? 'removed' : 'changed';
    cx.emit(`${d}-format-${kind}`, at, { before: s.format, after: t.format });
  }
  if (same(s.default, t.default)) return;
  const data = { keyword: 'default', before: s.default, after: t.default, name: at.field.at(-1) };
  const kind = !('default' in s) ? 'added' : !('default' in t) ? 'removed' : 'changed';
  // openapi-typescript types a property with a default as always present, except inline in a
  // request body or a parameter: in a response, or in a named schema a request body uses.
  const optional = at.property && !at.property.required;
  if (d === 'request') {
    cx.emit(kind === 'added' && optional && at.property.named ? 'request-default-made-required' : `request-default-${kind}`, at, data);
  } else if (optional && kind !== 'changed') cx.emit(`response-default-${kind}`, at, data);
  else cx.emit('annotation', at, data);
}

/**
 * Reports a constraint that now accepts fewer values (`tighter`), more (`looser`), or other ones
 * (`both`: a request refuses some values it took, a response may carry some it did not). `data`
 * is the keyword with its values, or the words alone (`{ text }`).
 */
function constraint(cx, at, effect, data) {
  const tighter = cx.direction === 'request' ? effect !== 'looser' : effect === 'tighter';
  cx.emit(`${cx.direction}-constraint-${tighter ? 'tightened' : 'loosened'}`, at, data);
}

function compareConstraints(cx, s, t, at) {
  for (const keyword of [...LOWER_BOUNDS, ...UPPER_BOUNDS]) {
    const [was, now] = [s[keyword], t[keyword]];
    if (was === now) continue;
    const tighter = was === undefined || (now !== undefined && (LOWER_BOUNDS.includes(keyword) ? now > was : now < was));
    constraint(cx, at, tighter ? 'tighter' : 'looser', { keyword, before: was, after: now });
  }
  if (s.multipleOf !== t.multipleOf) {
    const [was, now] = [s.multipleOf, t.multipleOf];
    const effect = was === undefined || (now !== undefined && Number.isInteger(now / was)) ? 'tighter' : now === undefined || Number.isInteger(was / now) ? 'looser' : 'both';
    constraint(cx, at, effect, { keyword: 'multipleOf', before: was, after: now });
  }
  if (Boolean(s.uniqueItems) !== Boolean(t.uniqueItems)) constraint(cx, at, t.uniqueItems ? 'tighter' : 'looser', { keyword: 'uniqueItems', before: s.uniqueItems, after: t.uniqueItems });
  for (const keyword of WHOLE) {
    const [was, now] = [keyword in s ? canonical(cx.a, s[keyword]) : undefined, keyword in t ? canonical(cx.b, t[keyword]) : undefined];
    if (same(was, now)) continue;
    constraint(cx, at, was === undefined ? 'tighter' : now === undefined ? 'looser' : 'both', { keyword, before: s[keyword], after: t[keyword] });
  }
  if ((s.oneOf && t.anyOf) || (s.anyOf && t.oneOf)) {
    // oneOf refuses a value that matches two variants; anyOf accepts it.
    constraint(cx, at, t.oneOf ? 'tighter' : 'looser', { text: t.oneOf ? '`anyOf` → `oneOf`' : '`oneOf` → `anyOf`' });
  }
}

function compareProperties(cx, s, t, at) {
  const [props, nextProps] = [s.properties ?? {}, t.properties ?? {}];
  const [req, nextReq] = [new Set(s.required ?? []), new Set(t.required ?? [])];
  const names = [...new Set([...Object.keys(props), ...req, ...Object.keys(nextProps), ...nextReq])];
  const d = cx.direction;
  for (const name of names) {
    const [had, has] = [name in props || req.has(name), name in nextProps || nextReq.has(name)];
    const [was, now] = [props[name] ?? true, nextProps[name] ?? true];
    const child = { ...at, field: [...at.field, name] };
    const forbidden = (doc, schema) => canonical(doc, schema) === false;
    if (!had || !has) {
      // A property declared `false` may not be sent or received: declaring one forbids a name.
      if (forbidden(cx.a, was) || forbidden(cx.b, now)) constraint(cx, child, had ? 'looser' : 'tighter', { text: had ? 'no longer forbidden' : 'forbidden (`false`)' });
      else if (!had) cx.emit(d === 'request' ? `request-property-added-${nextReq.has(name) ? 'required' : 'optional'}` : 'response-property-added', child, { required: nextReq.has(name) });
      else cx.emit(`${d}-property-removed`, child, {});
      continue;
    }
    if (req.has(name) !== nextReq.has(name)) cx.emit(`${d}-property-became-${nextReq.has(name) ? 'required' : 'optional'}`, child, {});
    compareSchemas(cx, was, now, { ...child, property: { required: req.has(name) && nextReq.has(name), named: at.named } });
  }
}

function compareChildren(cx, s, t, at) {
  const child = (part) => ({ ...at, field: [...at.field, part], property: undefined });
  if (s.items !== undefined && t.items !== undefined) compareSchemas(cx, s.items, t.items, child('[]'));
  else if (s.items !== undefined || t.items !== undefined) constraint(cx, at, s.items === undefined ? 'tighter' : 'looser', { keyword: 'items', before: s.items, after: t.items });
  const [was, now] = [s.additionalProperties ?? true, t.additionalProperties ?? true];
  const [x, y] = [canonical(cx.a, was), canonical(cx.b, now)];
  if (typeof x === 'object' && typeof y === 'object') return compareSchemas(cx, was, now, child('*'));
  if (same(x, y)) return;
  if (cx.direction === 'response' && x === false) return cx.emit('response-object-opened', at, {});
  constraint(cx, at, y === false || x === true ? 'tighter' : 'looser', { keyword: 'additionalProperties', before: s.additionalProperties, after: t.additionalProperties });
}

/**
 * `oneOf`/`anyOf` variants, matched by the schema they name, then by meaning, then by position.
 * A schema that becomes one variant of several (or the reverse) is compared as a list of one.
 */
function compareVariants(cx, s, t, at) {
  const [was, now] = [s.oneOf ?? s.anyOf, t.oneOf ?? t.anyOf];
  if (!was && !now) return;
  const [left, right] = [[...(was ?? [s])], [...(now ?? [t])]];
  const label = (doc, v, i) => refName(follow(doc, v).ref) ?? `variant ${i + 1}`;
  const pairs = [];
  for (const [i, v] of left.entries()) {
    const name = refName(follow(cx.a, v).ref);
    const j = name === undefined ? -1 : right.findIndex((w) => w !== null && refName(follow(cx.b, w).ref) === name);
    if (j < 0) continue;
    pairs.push([v, right[j], label(cx.a, v, i)]);
    [left[i], right[j]] = [null, null];
  }
  for (const [i, v] of left.entries()) {
    const j = v === null ? -1 : right.findIndex((w) => w !== null && same(canonical(cx.a, v), canonical(cx.b, w)));
    if (j >= 0) [left[i], right[j]] = [null, null]; // the same variant: nothing to report
  }
  const [rest, nextRest] = [left.filter((v) => v !== null), right.filter((v) => v !== null)];
  if (was && now && rest.length === nextRest.length) rest.forEach((v, i) => pairs.push([v, nextRest[i], `variant ${left.indexOf(v) + 1}`]));
  else {
    const describe = (doc, v) => ({ name: refName(follow(doc, v).ref), schema: follow(doc, v).node });
    for (const v of rest) cx.emit(`${cx.direction}-variant-removed`, at, describe(cx.a, v));
    for (const v of nextRest) cx.emit(`${cx.direction}-variant-added`, at, describe(cx.b, v));
  }
  for (const [v, w, name] of pairs) compareSchemas(cx, v, w, { ...at, variants: [`\`${name}\``, ...at.variants], property: undefined });
}

function compareFlagsAndRest(cx, s, t, at) {
  const d = cx.direction;
  const flag = (key) => [s[key] === true, t[key] === true];
  const [wasDeprecated, isDeprecated] = flag('deprecated');
  if (wasDeprecated !== isDeprecated) cx.emit(isDeprecated ? 'deprecated' : 'undeprecated', at, {});
  // readOnly means "not sent", writeOnly "not returned": only the side each one hides matters.
  const [key, rule] = d === 'request' ? ['readOnly', 'request-read-only'] : ['writeOnly', 'response-write-only'];
  const [was, is] = flag(key);
  if (was !== is) cx.emit(`${rule}-${is ? 'added' : 'removed'}`, at, {});
  const other = d === 'request' ? 'writeOnly' : 'readOnly';
  const keys = new Set([...Object.keys(s), ...Object.keys(t)]);
  for (const keyword of keys) {
    if (keyword === '$nothing' || CLIENT_FACT_KEYWORDS.has(keyword) || (KNOWN.has(keyword) && keyword !== other)) continue;
    if (same(s[keyword], t[keyword])) continue;
    cx.emit(isAnnotation(keyword) || keyword === other ? 'annotation' : 'unknown-change', at, keywordChange(keyword, s, t));
  }
}
