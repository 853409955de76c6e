// The benchmark's sections, in report order. Each module exports `run(context)`, which measures
// and returns plain data (it becomes the section's part of the JSON), and `table(data, run)`,
// which prints that data as Markdown. `server: true`: the section calls the bench server.
import * as pagination from './pagination.mjs';
import * as perCall from './per-call.mjs';
import * as rateLimited from './rate-limited.mjs';
import * as size from './size.mjs';
import * as typecheck from './typecheck.mjs';

export const SECTIONS = [
  { id: 'per-call', title: '1. Per-call time', server: true, ...perCall },
  { id: 'size', title: '2. Bundle size', server: false, ...size },
  { id: 'typecheck', title: '3. Consumer type-check time', server: false, ...typecheck },
  { id: 'pagination', title: '4. Pagination', server: true, ...pagination },
  { id: 'ratelimit', title: '5. Against a rate-limited server', server: false, ...rateLimited },
];
