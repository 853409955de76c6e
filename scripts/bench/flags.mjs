// The command line of `npm run bench`: which sections to run, how many rounds, the baseline to
// compare with, and where the JSON goes. Owns the flags and their checks; not what they do.
import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run bench -- [--quick] [--only <sections>] [--baseline <git-ref>] [--rates <R,...>]
                        [--json <file> | --json -]
       npm run bench -- --from <file.json>

  --quick      fewer rounds (to try the script, not for the figures)
  --only       sections to run, comma-separated: %SECTIONS% (default: all)
  --baseline   also build the package at this commit and measure it in the same rounds
  --rates      the server rates (requests/s) of the rate-limited section (default: 200,50)
  --json       where the run's figures are written as JSON (default: %DEFAULT_JSON%);
               "-" prints the JSON instead of the tables
  --from       print the tables of a saved run (a --json file) without measuring anything`;

export class UsageError extends Error {}

/**
 * @param {string[]} argv the arguments after the script
 * @param {{ sections: string[], defaultJson: string }} known the section ids and the default JSON path
 * @returns {{ help: boolean, quick: boolean, only: string[], baseline?: string, rates?: number[], json: string, from?: string }}
 */
export function parseFlags(argv, { sections, defaultJson }) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        quick: { type: 'boolean', default: false },
        only: { type: 'string' },
        baseline: { type: 'string' },
        rates: { type: 'string' },
        json: { type: 'string' },
        from: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error.message);
  }
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : sections;
  const unknown = only.filter((id) => !sections.includes(id));
  if (unknown.length) throw new UsageError(`--only: no section ${unknown.map((s) => `"${s}"`).join(', ')} (there are ${sections.join(', ')}).`);
  let rates;
  if (values.rates !== undefined) {
    rates = values.rates.split(',').map(Number);
    if (!rates.length || rates.some((r) => !Number.isFinite(r) || r <= 0)) throw new UsageError(`--rates "${values.rates}": positive numbers separated by commas, e.g. 200,50.`);
  }
  if (values.from && (values.only || values.baseline || values.rates || values.quick || values.json)) throw new UsageError('--from prints the tables of a saved run: it takes no other flag.');
  return {
    help: values.help,
    quick: values.quick,
    only: sections.filter((id) => only.includes(id)),
    ...(values.baseline ? { baseline: values.baseline } : {}),
    ...(rates ? { rates } : {}),
    json: values.json ?? defaultJson,
    ...(values.from ? { from: values.from } : {}),
  };
}

export const usage = ({ sections, defaultJson }) => USAGE.replace('%SECTIONS%', sections.join(', ')).replace('%DEFAULT_JSON%', defaultJson);
