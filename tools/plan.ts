/**
 * `npm run plan -- --stack <name>`: runs the real program offline under the mock engine
 * and prints what a first `pulumi up` of that stack would create, how long it would take,
 * what it would cost, and what the policy packs say (tools/plan/).
 */
import { EXIT, exitCleanlyOnStrayErrors } from "./exit-codes.js";
import { planCommand } from "./plan/cli.js";

const finish = exitCleanlyOnStrayErrors("plan failed: ", EXIT.failed);

finish(
    await planCommand(process.argv.slice(2), {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
    }),
);
