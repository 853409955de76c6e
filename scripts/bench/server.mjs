// The benchmark's HTTP server, in a process of its own (`node server.mjs --serve`, started by
// startServer()) so that its work does not share the measuring process's event loop. It answers
// GET /v1/users at once with the spec's example, and GET /v1/mailboxes, page by page, after
// LATENCY_MS. Used by sections 1 and 4 and by `npm run bench:validate`.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { mediaExamples } from '../spec/examples.mjs';
import { loadBundledSpec } from '../spec/spec.mjs';
import { startServerProcess } from './server-process.mjs';

/** The one key the server accepts. */
export const API_KEY = 'lm_bench_key';
export const PAGES = 100;
export const PAGE_SIZE = 20;
export const LATENCY_MS = 20;

const self = fileURLToPath(import.meta.url);

/** The body of GET /v1/users: the spec's example. */
export function userBody(doc = loadBundledSpec()) {
  return JSON.stringify(mediaExamples(doc.paths['/v1/users'].get.responses['200'].content['application/json'])[0][1]);
}

function serve() {
  const doc = loadBundledSpec();
  const user = userBody(doc);
  const sample = doc.paths['/v1/mailboxes'].get.responses['200'].content['application/json'].examples.page1.value.data.mailboxes[0];
  const mailboxPage = (page, limit) =>
    JSON.stringify({
      success: true,
      message: 'Mailboxes fetched successfully',
      data: {
        mailboxes: Array.from({ length: limit }, (_, i) => ({ ...sample, id: `mb_${page}_${i}`, email: `user${page}-${i}@example.com` })),
        totalSearchedCount: PAGES * limit,
        currentPage: page,
        nextPage: page < PAGES ? page + 1 : null,
        totalPages: PAGES,
      },
    });
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (req.headers['x-api-key'] !== API_KEY) return res.writeHead(401, { 'content-type': 'application/json' }).end('{"success":false,"message":"Unauthorized"}');
    if (url.pathname === '/v1/users') return res.writeHead(200, { 'content-type': 'application/json' }).end(user);
    if (url.pathname === '/v1/mailboxes') {
      const page = Number(url.searchParams.get('page') ?? 1);
      const limit = Number(url.searchParams.get('limit') ?? PAGE_SIZE);
      const body = mailboxPage(page, limit);
      return setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(body), LATENCY_MS);
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"success":false,"message":"Not found"}');
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));
}

/** @returns {Promise<{ url: string, stop: () => void }>} */
export const startServer = () => startServerProcess(self, 'bench server');

if (process.argv.includes('--serve') && process.argv[1] === self) serve();
