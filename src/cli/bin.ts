// The `litemail` executable (package.json `bin`), bundled by scripts/build/build.mjs into dist/cli.cjs.
import { run } from './main.js';

run(process.argv.slice(2));
