// The error-body step: an error response is read in full before it is handed on, while the
// attempt's deadline still covers it, and any credential of the request it echoes (servers do echo
// keys back) is blanked out (src/redact.ts). Without an echo the response itself goes on (its body
// buffered by the clone), so a custom fetch's Response subclass, a 304 or a HEAD answer, which may
// not be rebuilt with a body, reach the caller as they came. A failure while reading it is not
// retried: like a success, the response was the call's answer.
import { bodyFailure, targetOf } from '../errors.js';
import { containsSecret, redact, secretsOf } from '../redact.js';
import { withBody } from '../response.js';
import { settled, type Step } from './step.js';

export const readErrorBody: Step = (next) => async (request, call) => {
  const answer = await next(request, call);
  const { response } = answer;
  if (response.ok) return answer;
  let text: string;
  try {
    text = await response.clone().text();
  } catch (error) {
    throw bodyFailure(error, response, targetOf(request), answer.expiredAfter());
  } finally {
    answer.done();
  }
  const secrets = secretsOf(request);
  if (!containsSecret(text, secrets) && !containsSecret(response.statusText, secrets)) return settled(response);
  return settled(withBody(response, redact(text, secrets), redact(response.statusText, secrets)));
};
