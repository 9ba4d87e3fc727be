/**
 * `npm run addons:check -- --stack <name>`: compares the stack's managed add-on versions with
 * what EKS offers for its Kubernetes version (tools/addons/check.ts). Needs AWS credentials.
 */
import { addonsCheckCommand } from "./addons/check.js";

process.exitCode = await addonsCheckCommand(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
});
