/**
 * `npm run plan -- --stack <name> [--format text|markdown|json] [--out <file>]`: runs the
 * real program offline under the mock engine and reports what a first `pulumi up` of that
 * stack would do. Usage and config mistakes end in one clear message and a non-zero exit.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { runStack, PROJECT_DIR, type StackRun } from "../../engine/engine.js";
import { estimateMonthlyCost } from "./cost.js";
import { buildPlan, type Plan, type StackCost } from "./model.js";
import { diffCommand } from "./diff-run.js";
import { policySummary } from "./policy.js";
import { checkStackPolicies } from "../policy-check.js";
import { renderMarkdown } from "./render-markdown.js";
import { renderText } from "./render-text.js";

export const FORMATS = ["text", "markdown", "json"] as const;
export type Format = (typeof FORMATS)[number];

export const USAGE = "usage: npm run plan -- --stack <dev|prod> [--format text|markdown|json] [--out <file>] [--diff <git ref>]";

export interface Io {
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
}

export interface PlanOptions {
    readonly stack: string;
    readonly format: Format;
    readonly out: string | undefined;
    /** Compare with the program at this git ref instead of printing the plan. */
    readonly diff?: string | undefined;
}

/** Parses the command line; a string is the usage error to print. */
export function parsePlanArgs(argv: readonly string[], projectDir = PROJECT_DIR): PlanOptions | string {
    let values: { stack?: string; format?: string; out?: string; help?: boolean; diff?: string };
    try {
        ({ values } = parseArgs({
            args: [...argv],
            options: {
                stack: { type: "string", short: "s" },
                format: { type: "string", short: "f", default: "text" },
                out: { type: "string", short: "o" },
                diff: { type: "string" },
                help: { type: "boolean", short: "h" },
            },
            strict: true,
            allowPositionals: false,
        }));
    } catch (err) {
        return (err as Error).message;
    }
    if (values.help) return "";
    if (!values.stack) return `--stack is required (the stacks are the Pulumi.<stack>.yaml files: ${knownStacks(projectDir).join(", ")})`;
    if (!(FORMATS as readonly string[]).includes(values.format ?? "")) return `--format must be one of ${FORMATS.join(", ")}, got "${values.format}"`;
    return { stack: values.stack, format: values.format as Format, out: values.out, ...(values.diff !== undefined && { diff: values.diff }) };
}

/** Stacks with a Pulumi.<stack>.yaml in the project. */
export function knownStacks(projectDir = PROJECT_DIR): string[] {
    return fs
        .readdirSync(projectDir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** The plan of one stack, with every stack of the project priced for comparison. */
/** Where the command runs: tests point it at another project or change one config key. */
export interface PlanContext {
    /** @default this repository */
    readonly projectDir?: string;
    /** Top-level config keys replaced for the planned stack only. @default {} */
    readonly configOverrides?: Record<string, unknown>;
}

export async function planStack(stack: string, context: PlanContext = {}): Promise<Plan> {
    const projectDir = context.projectDir ?? PROJECT_DIR;
    const run = await runStack({ stack, projectDir, configOverrides: context.configOverrides ?? {} });
    const policy = await policySummary(run, (r) => checkStackPolicies(r, projectDir));
    const costByStack: StackCost[] = [];
    for (const other of knownStacks(projectDir)) {
        costByStack.push(other === stack ? costOf(run) : await costOfStack(other, projectDir));
    }
    return buildPlan({ run, policy, costByStack });
}

function costOf(run: StackRun): StackCost {
    const cost = estimateMonthlyCost(run.resources, run.config["aws:region"] ?? "");
    return cost ? { stack: run.stack, monthlyUsd: cost.monthlyUsd } : { stack: run.stack, error: `no prices for ${run.config["aws:region"]}` };
}

async function costOfStack(stack: string, projectDir: string): Promise<StackCost> {
    try {
        return costOf(await runStack({ stack, projectDir }));
    } catch (err) {
        return { stack, error: firstLine(err) };
    }
}

export function render(plan: Plan, format: Format): string {
    if (format === "markdown") return renderMarkdown(plan);
    if (format === "json") return `${JSON.stringify(plan, null, 2)}\n`;
    return renderText(plan);
}

function firstLine(err: unknown): string {
    return (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";
}

/** The whole command; returns the exit code. Never lets an exception (and its stack trace) out. */
export async function planCommand(argv: readonly string[], io: Io, context: PlanContext = {}): Promise<number> {
    const options = parsePlanArgs(argv, context.projectDir ?? PROJECT_DIR);
    if (typeof options === "string") {
        io.stderr(`${options ? `${options}\n` : ""}${USAGE}\n`);
        return options ? 2 : 0;
    }
    if (options.diff !== undefined) return diffCommand({ ...options, diff: options.diff }, io, context);
    let plan: Plan;
    try {
        plan = await planStack(options.stack, context);
    } catch (err) {
        // ConfigError and StackFileError messages already name the key or file and the fix.
        const message = err instanceof Error ? err.message : String(err);
        io.stderr(`plan of stack "${options.stack}" failed:\n${message}\n`);
        return 1;
    }
    const text = render(plan, options.format);
    if (options.out) {
        try {
            fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
            fs.writeFileSync(options.out, text);
        } catch (err) {
            io.stderr(`cannot write ${options.out}: ${(err as Error).message}\n`);
            return 1;
        }
        io.stderr(`wrote the ${options.format} plan of ${options.stack} to ${options.out}\n`);
    } else {
        io.stdout(text);
    }
    // A stack the policy check cannot evaluate has not passed it: an error, not "not run".
    if (!plan.policy.available) {
        io.stderr(`policy check of stack "${options.stack}" could not run: ${plan.policy.reason}\n`);
        return 2;
    }
    return 0;
}
