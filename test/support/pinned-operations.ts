// Which operations move money and which POSTs are safe to repeat, written out by hand. The client
// reads these facts from the spec (x-litemail-billable / x-litemail-idempotent); the tests compare
// the spec with this list instead of with itself, so that making a paid operation retryable is a
// visible, reviewed change to this file and not a one-word edit of the spec that every test follows.
// Evidence for each: ../shared/litemail/ (evidence-C.md, newest).

/**
 * Never re-sent automatically, and behind --yes (CLI) and --allow-billable (MCP). The rule (the spec's
 * description of x-litemail-billable): an operation is billable if it spends money or authorises
 * spending, now or later.
 */
export const PINNED_BILLABLE: readonly string[] = [
  'purchaseDomain', // POST /v1/domains
  'assignNewMailbox', // POST /v1/mailboxes: uses up a paid mailbox
  'assignMailboxesToDomain', // POST /v1/domains/{id}/mailboxes
  'addBalanceToWallet', // POST /v1/wallet/balance: opens a checkout for real money
  'enableAutoRecharge', // POST /v1/wallet/auto-recharge: authorises future charges of the saved card
  'addCreditToWallet', // POST /v1/wallet/credits
  'upgradeSubscription', // PUT /v1/subscriptions/{id}: a PUT, so only the billable guard stops its retry
  'cancelSubscription', // DELETE /v1/subscriptions/{id}: with revert=true the subscription renews (and is charged) again
  'createPlacementTest', // POST /v1/placement-tests
];

/** POSTs that set a state (no charge, nothing created twice): safe to re-send. */
export const PINNED_IDEMPOTENT: readonly string[] = [
  'connectDomain', // POST /v1/domains/connect
  'addDmarcRecords', // POST /v1/domains/{id}/dmarc
  'addDomainForwarding', // POST /v1/domains/{id}/forwarding
  'enableEmailForwarding', // POST /v1/domains/{id}/email-forwarding
  'enableCatchAll', // POST /v1/domains/{id}/catch-all
  'addBillingDetails', // POST /v1/billing-details
  'saveCloudflareCredentials', // POST /v1/cloudflare-credentials
];

/** Methods the client may re-send for any operation that is not billable (HTTP's idempotent methods). */
export const RESENDABLE_METHODS: readonly string[] = ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'];

/** How many times a call is sent when every attempt but the last fails with a 503 and `maxRetries` is 1. */
export function expectedSends(operationId: string, method: string): 1 | 2 {
  if (PINNED_BILLABLE.includes(operationId)) return 1;
  if (RESENDABLE_METHODS.includes(method) || PINNED_IDEMPOTENT.includes(operationId)) return 2;
  return 1;
}
