// `npm run mock [-- --port N]`: the Prism mock of the spec for your own development. It answers
// every operation with the spec's examples and validates your requests against the spec; it
// needs no account and no network. Prism sits behind a front server that keeps it alive, answers
// malformed JSON with LiteMail's error envelope and pages lists (scripts/mock/mock-front.mjs).
// Runs until Ctrl-C.
import { parseArgs } from 'node:util';
import { startPrism } from './prism.mjs';

const USAGE = 'Usage: npm run mock [-- --port <port>]   (default: a free port)';

let port;
try {
  const { values } = parseArgs({ options: { port: { type: 'string', short: 'p' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`);
  }
} catch (error) {
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}

let prism;
try {
  prism = await startPrism({ port, onRestart: (reason) => console.error(`mock: ${reason}`) });
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
console.log(`LiteMail mock (Prism) listening on ${prism.url}

  It answers with the spec's examples and checks that a key is sent (any key will do):

    curl -H 'x-api-key: lm_mock_key' ${prism.url}/v1/users

  With the client:  createLiteMailClient({ apiKey: 'lm_mock_key', baseUrl: '${prism.url}' })
  Lists page:       ${prism.url}/v1/domains?page=2 answers the list's example "page2"
  Pick an example:  add the header 'Prefer: example=<name>' (or 'Prefer: code=404' for an error)

Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await prism.stop();
    console.log('\nMock stopped.');
    process.exit(0);
  });
}
// Prism keeps this process alive through its piped output; nothing else to do until a signal.
