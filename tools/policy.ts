/**
 * `npm run policy -- --stack <name> [--set <key>=<value> ...]`: runs the real program offline
 * under the mock engine and checks every resource it registers against both CrossGuard packs
 * with the stack's policy config (npm run policy-config). Prints violations by severity; exits 1 on any mandatory
 * violation, 2 on bad usage or bad config.
 *
 * `--set` replaces one top-level stack config key for this run only (value parsed as JSON when
 * it parses), to see what a config change would trip:
 *   npm run policy -- --stack prod --set 'network={"flowLogs":{"retentionDays":30}}'
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ConfigError } from "../stacks/config.js";
import { runStack } from "../engine/engine.js";
import { StackFileError } from "../engine/stack-files.js";
import { RuleError } from "../policies/lib/evaluate.js";
import { checkStackPolicies, PolicyConfigError, PolicyConfigMissingError, type PolicyReport, type Severity } from "./policy-check.js";

const USAGE = "usage: npm run policy -- --stack <dev|prod> [--set <config key>=<value>]...";
const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

export interface PolicyCliResult {
    readonly exitCode: number;
    readonly stdout: string;
    readonly stderr: string;
}

export async function runPolicyCli(argv: readonly string[]): Promise<PolicyCliResult> {
    let stack: string;
    const overrides: Record<string, unknown> = {};
    try {
        const { values } = parseArgs({
            args: [...argv],
            options: { stack: { type: "string", short: "s" }, set: { type: "string", multiple: true } },
            strict: true,
        });
        if (!values.stack) throw new Error("missing --stack");
        stack = values.stack;
        for (const assignment of values.set ?? []) {
            const eq = assignment.indexOf("=");
            if (eq <= 0) throw new Error(`--set ${assignment}: write it as <config key>=<value>`);
            overrides[assignment.slice(0, eq)] = parseValue(assignment.slice(eq + 1));
        }
    } catch (err) {
        return { exitCode: 2, stdout: "", stderr: `${(err as Error).message}\n${USAGE}\n` };
    }

    const started = Date.now();
    try {
        const run = await runStack({ stack, configOverrides: overrides });
        const report = await checkStackPolicies(run);
        const seconds = (Date.now() - started) / 1000;
        return { exitCode: report.mandatory > 0 ? 1 : 0, stdout: formatReport(report, seconds), stderr: "" };
    } catch (err) {
        if (err instanceof ConfigError || err instanceof StackFileError || err instanceof PolicyConfigError || err instanceof PolicyConfigMissingError || err instanceof RuleError) {
            return { exitCode: 2, stdout: "", stderr: `${err.message}\n` };
        }
        throw err;
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

function parseValue(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const result = await runPolicyCli(process.argv.slice(2));
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.exitCode;
}
