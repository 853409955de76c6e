// fieldNames() in src/redact.ts: which names of a response's fields a drift may show. A credential
// echoed as a field name, in any form a server might give it, and names that look like generated
// identifiers show as `*`; word-like names show as they are. Expected values written by hand.
import { describe, expect, it } from 'vitest';
import { fieldNames } from '../../src/redact.js';

const KEY = 'lm_live_DRIFT_9c4e1a7b3f';
const shown = fieldNames([KEY]);

describe('a credential echoed as a field name', () => {
  it.each([
    ['as sent', 'lm_live_DRIFT_9c4e1a7b3f'],
    ['inside a longer name', 'key_lm_live_DRIFT_9c4e1a7b3f_echo'],
    ['lower-cased', 'lm_live_drift_9c4e1a7b3f'],
    ['upper-cased', 'LM_LIVE_DRIFT_9C4E1A7B3F'],
    ['truncated by three characters at the end', 'lm_live_DRIFT_9c4e1a7'],
    ['truncated by three characters at the start', 'ive_DRIFT_9c4e1a7b3f'],
    ['with `.` for `_`', 'lm.live.DRIFT.9c4e1a7b3f'],
    ['with `-` for `_`', 'lm-live-DRIFT-9c4e1a7b3f'],
    ['reversed', 'f3b7a1e4c9_TFIRD_evil_ml'],
    ['base64url', 'bG1fbGl2ZV9EUklGVF85YzRlMWE3YjNm'],
    ['base64url of the key without its first character', 'bV9saXZlX0RSSUZUXzljNGUxYTdiM2Y'],
    ['hex', '6c6d5f6c6976655f44524946545f3963346531613762336'],
  ])('%s: *', (_, name) => {
    expect(shown(name)).toBe('*');
  });

  it('a short credential (under 8 letters and digits) is matched whole, in any case', () => {
    expect(fieldNames(['tok_ab12'])('echoTOKAB12')).toBe('*');
    expect(fieldNames(['tok_ab12'])('echoToken')).toBe('echoToken');
  });

  it('names that share no 8-character run with the credential show', () => {
    expect(shown('lm_live_mode')).toBe('lm_live_mode'); // "lmlivemo" is not in "lmlivedrift9c4e1a7b3f"
    expect(fieldNames([])('lm_live_DRIFT')).toBe('lm_live_DRIFT');
    expect(shown('lm_live_DRIFT')).toBe('*');
  });
});

describe('names that look like identifiers or are not word-like', () => {
  it.each([
    ['a cuid', 'cm4p0d3m00001lm08dom00001'],
    ['a UUID', 'f47ac10b-58cc-4372-a567-0e02b2c3d479'],
    ['a Stripe-style id', 'cus_NffrFeUfNV2Hib'],
    ['a nanoid', 'V1StGXR8_Z5jdHi6B-myT'],
    ['a number of 5+ digits', 'order_20260131'],
    ['starting with a digit', '2fa'],
    ['an email address', 'ops@example.com'],
    ['a domain name', 'example.com'],
    ['a person’s name with a space', 'Ada Lovelace'],
    ['longer than 64 characters', 'a'.repeat(65)],
    ['empty', ''],
  ])('%s: *', (_, name) => {
    expect(shown(name)).toBe('*');
  });

  it.each(['loyaltyTier', 'totalSearchedCount', 'receivedKey', 'utm_id_v2', 'ipV4', 'x509Certificate', 'imageURLs', 'content-type', '$ref', '_links', 'a'.repeat(64)])(
    'word-like name %s: shown as it is',
    (name) => {
      expect(shown(name)).toBe(name);
    },
  );
});
