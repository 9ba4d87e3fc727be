/**
 * `npm run policy-config -- --stack <name> [--out <file>]`: writes the stack's CrossGuard pack
 * config, the file `pulumi preview --policy-pack-config` takes: the tier's
 * policies/config/<tier>.json, the stack's policies/config/stacks/<stack>.json when it has
 * one, and the admin allowlist from `cluster.admins` (stacks/policy-config.ts). The same config
 * the offline check runs and the stack's policy group in Pulumi Cloud applies. Exits 2 on bad
 * usage or a config it cannot build.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { PROJECT_DIR } from "../engine/engine.js";
import { readStackFiles, StackFileError } from "../engine/stack-files.js";
import { buildStackPolicyConfig, StackPolicyConfigError } from "../stacks/policy-config.js";
import { PACKS, PolicyConfigError } from "./policy-check.js";
import { resolvePackConfig } from "../policies/lib/config.js";

const USAGE = "usage: npm run policy-config -- --stack <name> [--out <file>]";

export interface PolicyConfigCliResult {
    readonly exitCode: number;
    readonly stdout: string;
    readonly stderr: string;
}

export function runPolicyConfigCli(argv: readonly string[], projectDir = PROJECT_DIR): PolicyConfigCliResult {
    let stack: string;
    let out: string | undefined;
    try {
        const { values } = parseArgs({ args: [...argv], options: { stack: { type: "string", short: "s" }, out: { type: "string", short: "o" } }, strict: true });
        if (!values.stack) throw new Error("missing --stack");
        stack = values.stack;
        out = values.out;
    } catch (err) {
        return { exitCode: 2, stdout: "", stderr: `${(err as Error).message}\n${USAGE}\n` };
    }
    try {
        const files = readStackFiles(projectDir, stack);
        const built = buildStackPolicyConfig(projectDir, stack, files.values);
        // Checked as the offline check resolves it: an unknown rule or setting is an error here too.
        resolvePackConfig(PACKS, built.config, `policy config of stack ${stack}`);
        const text = `${JSON.stringify(built.config, null, 4)}\n`;
        if (!out) return { exitCode: 0, stdout: text, stderr: "" };
        fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
        fs.writeFileSync(out, text);
        return { exitCode: 0, stdout: "", stderr: `wrote the policy config of ${stack} (${built.sources.join(" + ")} + cluster.admins) to ${out}\n` };
    } catch (err) {
        if (err instanceof StackFileError || err instanceof StackPolicyConfigError || err instanceof PolicyConfigError) {
            return { exitCode: 2, stdout: "", stderr: `${err.message}\n` };
        }
        throw err;
    }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const result = runPolicyConfigCli(process.argv.slice(2));
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.exitCode;
}
