// fieldNames() in src/redact.ts: which names of a response's fields a drift may show. A credential
// echoed as a field name, in any form a server might give it, and names that look like generated
// identifiers show as `*`; word-like names show as they are. Expected values written by hand.
import { describe, expect, it } from 'vitest';
import { fieldNames } from '../../src/redact.js';

// A credential made of words, so that only the comparison with it (not the identifier rule) can hide its forms.
const KEY = 'lm_live_PurpleElephantDance';
const shown = fieldNames([KEY]);

describe('a credential echoed as a field name', () => {
  it.each([
    ['as sent', 'lm_live_PurpleElephantDance'],
    ['inside a longer name', 'echo_lm_live_PurpleElephantDance_key'],
    ['lower-cased', 'lm_live_purpleelephantdance'],
    ['upper-cased', 'LM_LIVE_PURPLEELEPHANTDANCE'],
    ['truncated by three characters at the end', 'lm_live_PurpleElephantDa'],
    ['truncated by three characters at the start', 'ive_PurpleElephantDance'],
    ['only a long part of it', 'ElephantDance'],
    ['with `.` for `_`', 'lm.live.PurpleElephantDance'],
    ['with `-` for `_`', 'lm-live-PurpleElephantDance'],
    ['reversed', 'ecnaDtnahpelEelpruP_evil_ml'],
    ['base64url', 'bG1fbGl2ZV9QdXJwbGVFbGVwaGFudERhbmNl'],
    ['base64url of the key without its first two characters', 'X2xpdmVfUHVycGxlRWxlcGhhbnREYW5jZQ'],
    ['hex, from its second digit', 'c6d5f6c6976655f507572706c65456c657068616e7444616e6365'],
  ])('%s: *', (_, name) => {
    expect(shown(name)).toBe('*');
  });

  it('a short credential (under 8 letters and digits) is matched whole, in any case', () => {
    expect(fieldNames(['tok_ab12'])('echoTOKAB12')).toBe('*');
    expect(fieldNames(['tok_ab12'])('echoToken')).toBe('echoToken');
  });

  it('names that share no 8-character run with the credential show', () => {
    expect(shown('lm_live_mode')).toBe('lm_live_mode'); // "lmlivemo" is not in "lmlivepurpleelephantdance"
    expect(shown('purpleDance')).toBe('purpleDance'); // "purpleda" … "pledance": none in the key, though both words are
    expect(fieldNames([])('ElephantDance')).toBe('ElephantDance');
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
