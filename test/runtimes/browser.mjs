// Browser entry of the smoke test: scripts/build/test-runtimes.mjs bundles this with esbuild (the
// client and openapi-fetch included) and calls `runSmoke(prismUrl)` from headless Chromium.
import * as sdk from '../../dist/index.js';
import { smoke } from './smoke.mjs';

globalThis.runSmoke = (baseUrl) => smoke(sdk, baseUrl);
