/**
 * `npm run policy -- --stack <name> [--set <key>=<value> ...]`: runs the real program offline
 * under the mock engine and checks every resource it registers against both CrossGuard packs
 * with the stack's policy config (npm run policy-config). Prints violations by severity. Exits 0 when clean, 1 on
 * any mandatory violation, 2 on bad usage, a bad stack file or config, or a program that does
 * not run (README.md#exit-codes): always with one message, never a stack trace.
 *
 * `--set` replaces one top-level stack config key for this run only (value parsed as JSON when
 * it parses), to see what a config change would trip:
 *   npm run policy -- --stack prod --set 'network={"flowLogs":{"retentionDays":30}}'
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { PROJECT_DIR, runStack } from "../engine/engine.js";
import { readStackFiles } from "../engine/stack-files.js";
import { EXIT, exitCleanlyOnStrayErrors, messageOf, parseAssignments, preflight } from "./exit-codes.js";
import { checkStackPolicies, loadPolicyConfig, type PolicyReport, type Severity } from "./policy-check.js";

const USAGE = "usage: npm run policy -- --stack <dev|prod> [--set <config key>=<value>]...";
const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

export interface PolicyCliResult {
    readonly exitCode: number;
    readonly stdout: string;
    readonly stderr: string;
}

export async function runPolicyCli(argv: readonly string[]): Promise<PolicyCliResult> {
    let stack: string;
    let overrides: Record<string, unknown>;
    try {
        const { values } = parseArgs({
            args: [...argv],
            options: { stack: { type: "string", short: "s" }, set: { type: "string", multiple: true } },
            strict: true,
        });
        if (!values.stack) throw new Error("missing --stack");
        stack = values.stack;
        const parsed = parseAssignments(values.set ?? []);
        if (typeof parsed === "string") throw new Error(parsed);
        overrides = parsed;
    } catch (err) {
        return { exitCode: EXIT.usage, stdout: "", stderr: `${messageOf(err)}\n${USAGE}\n` };
    }

    const started = Date.now();
    try {
        // Stack file, config and pack config first: their mistakes never start the runtime.
        preflight(stack, overrides);
        loadPolicyConfig(stack, readStackFiles(PROJECT_DIR, stack, overrides).values);
        const run = await runStack({ stack, configOverrides: overrides });
        const report = await checkStackPolicies(run);
        const seconds = (Date.now() - started) / 1000;
        return { exitCode: report.mandatory > 0 ? EXIT.failed : EXIT.ok, stdout: formatReport(report, seconds), stderr: "" };
    } catch (err) {
        // Whatever stopped the check (config, pack config, a rule that threw, a program that failed
        // to run) is not a violation: exit 2 with its message.
        return { exitCode: EXIT.usage, stdout: "", stderr: `${messageOf(err)}\n` };
    }
}

/** Violations grouped by severity, mandatory first within each group, then the totals. */
export function formatReport(report: PolicyReport, seconds?: number): string {
    const lines = [`Policy check of stack ${report.stack} (offline): ${report.rules} rules, ${report.resourcesChecked} resources`];
    for (const severity of SEVERITIES) {
        const found = report.violations
            .filter((v) => v.severity === severity)
            .sort((a, b) => Number(b.enforcementLevel === "mandatory") - Number(a.enforcementLevel === "mandatory") || a.policy.localeCompare(b.policy));
        if (found.length === 0) continue;
        lines.push("", `${severity.toUpperCase()} (${found.length})`);
        for (const v of found) {
            const where = v.resourceType ? `${v.resourceType} ${v.resourceName}` : v.urn ?? "stack";
            lines.push(`  [${v.enforcementLevel}] ${v.policy} (${v.pack})`, `    ${where}`, `    ${v.message}`);
        }
    }
    lines.push(
        "",
        `${report.mandatory} mandatory, ${report.advisory} advisory violation(s)${seconds === undefined ? "" : ` in ${seconds.toFixed(1)}s`}: ${report.mandatory > 0 ? "FAILED" : "passed"}`,
    );
    return `${lines.join("\n")}\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const finish = exitCleanlyOnStrayErrors("policy check failed: ", EXIT.usage);
    const result = await runPolicyCli(process.argv.slice(2));
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    finish(result.exitCode);
}
