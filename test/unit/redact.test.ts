// src/redact.ts: the one place credentials are blanked. Expected strings written by hand.
import { describe, expect, it } from 'vitest';
import { containsSecret, redact, safeHeaders, secretsOf } from '../../src/redact.js';

const KEY = 'lm_live_Secret1234';

describe('redact', () => {
  it('blanks every occurrence, in any letter case', () => {
    expect(redact(`a ${KEY} b ${KEY.toUpperCase()} c ${KEY.toLowerCase()}`, [KEY])).toBe('a [redacted] b [redacted] c [redacted]');
  });
  it('blanks the longer of two overlapping secrets whole', () => {
    expect(redact('xx lm_live_Secret1234 yy', ['Secret', KEY])).toBe('xx [redacted] yy');
  });
  it('treats regular-expression characters in a secret literally', () => {
    expect(redact('k=a.b*c+d and aXbbc+d', ['a.b*c+d'])).toBe('k=[redacted] and aXbbc+d');
  });
  it('ignores values too short to be a credential', () => {
    expect(redact('abc abc', ['abc', ''])).toBe('abc abc');
  });
  it('containsSecret matches any letter case', () => {
    expect(containsSecret(`{"k":"${KEY.toLowerCase()}"}`, [KEY])).toBe(true);
    expect(containsSecret('{"k":"other"}', [KEY])).toBe(false);
  });
});

describe('secretsOf / safeHeaders', () => {
  const request = new Request('https://example.test/', { headers: { 'x-api-key': KEY, authorization: 'Bearer tok_abcdef', accept: 'application/json' } });
  it('finds the key and the bearer token', () => {
    expect(secretsOf(request)).toEqual([KEY, 'tok_abcdef']);
  });
  it('prints credential headers as [redacted] and the others as sent', () => {
    expect(safeHeaders(request.headers)).toEqual({ accept: 'application/json', authorization: '[redacted]', 'x-api-key': '[redacted]' });
  });
});
