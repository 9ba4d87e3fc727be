/**
 * `npm run plan -- --stack <name>`: runs the real program offline under the mock engine
 * and prints what a first `pulumi up` of that stack would create, how long it would take,
 * what it would cost, and what the policy packs say (tools/plan/).
 */
import { planCommand } from "./plan/cli.js";

// The Pulumi runtime reports some failures as rejections of its own promises, outside the
// command's try/catch: print their message, never a stack trace.
const bail = (err: unknown) => {
    process.stderr.write(`plan failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
};
process.on("unhandledRejection", bail);
process.on("uncaughtException", bail);

process.exitCode = await planCommand(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
});
