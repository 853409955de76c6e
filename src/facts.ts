// The one door from generated/ into src/ for run-time values: every API fact the code acts on (the
// operation table, the API-wide constants, the drift reporter's schema table) comes in here, from the
// tables `npm run generate` writes from spec/. Other modules may import generated *types* directly;
// values only through this module (test/unit/layering.test.ts checks it).
export { apiKeyHeader, defaultBaseUrl, errorMessagePointer, pageNumbers, pageParam, rateLimitGuess } from '../generated/api.js';
export { operationFacts, operationNames } from '../generated/operations.js';
export { homes, nodes, responseSchemas } from '../generated/validate.js';
