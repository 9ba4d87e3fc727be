/**
 * `npm run plan -- --stack <name> [--format text|markdown|json] [--out <file>]`: runs the
 * real program offline under the mock engine and reports what a first `pulumi up` of that
 * stack would do. Usage and config mistakes end in one clear message and a non-zero exit.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { runStack, PROJECT_DIR, type StackRun } from "../../engine/engine.js";
import { EXIT, isUserError, messageOf, parseAssignments, preflight } from "../exit-codes.js";
import { estimateMonthlyCost } from "./cost.js";
import { buildPlan, type Plan, type StackCost } from "./model.js";
import { diffCommand } from "./diff-run.js";
import { policySummary } from "./policy.js";
import { checkStackPolicies } from "../policy-check.js";
import { renderMarkdown } from "./render-markdown.js";
import { renderText } from "./render-text.js";

export const FORMATS = ["text", "markdown", "json"] as const;
export type Format = (typeof FORMATS)[number];

export const USAGE =
    "usage: npm run plan -- --stack <dev|prod> [--format text|markdown|json] [--out <file>] [--compare] [--set <config key>=<value>]... [--diff <git ref>]";

export interface Io {
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
}

export interface PlanOptions {
    readonly stack: string;
    readonly format: Format;
    readonly out: string | undefined;
    /** Also run every other stack to compare monthly costs. @default false */
    readonly compare: boolean;
    /** `--set` config keys replaced for this run only. */
    readonly configOverrides: Record<string, unknown>;
    /** Compare with the program at this git ref instead of printing the plan. */
    readonly diff?: string | undefined;
}

/** Parses the command line; a string is the usage error to print. */
export function parsePlanArgs(argv: readonly string[], projectDir = PROJECT_DIR): PlanOptions | string {
    let values: { stack?: string; format?: string; out?: string; help?: boolean; compare?: boolean; set?: string[]; diff?: string };
    try {
        ({ values } = parseArgs({
            args: [...argv],
            options: {
                stack: { type: "string", short: "s" },
                format: { type: "string", short: "f", default: "text" },
                out: { type: "string", short: "o" },
                diff: { type: "string" },
                help: { type: "boolean", short: "h" },
                compare: { type: "boolean", default: false },
                set: { type: "string", multiple: true },
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
    const configOverrides = parseAssignments(values.set ?? []);
    if (typeof configOverrides === "string") return configOverrides;
    return {
        stack: values.stack,
        format: values.format as Format,
        out: values.out,
        compare: values.compare === true,
        configOverrides,
        ...(values.diff !== undefined && { diff: values.diff }),
    };
}

/** Stacks with a Pulumi.<stack>.yaml in the project. */
export function knownStacks(projectDir = PROJECT_DIR): string[] {
    return fs
        .readdirSync(projectDir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** Where the command runs: tests point it at another project or change one config key. */
export interface PlanContext {
    /** @default this repository */
    readonly projectDir?: string;
    /** Top-level config keys replaced for the planned stack only. @default {} */
    readonly configOverrides?: Record<string, unknown>;
    /**
     * Also run every other stack of the project to price it beside this one. Off by default:
     * one stack's plan costs one run of the program however many stacks there are.
     * @default false
     */
    readonly compare?: boolean;
}

/** The plan of one stack; with `compare`, every other stack priced the same way beside it. */
export async function planStack(stack: string, context: PlanContext = {}): Promise<Plan> {
    const projectDir = context.projectDir ?? PROJECT_DIR;
    const run = await runStack({ stack, projectDir, configOverrides: context.configOverrides ?? {} });
    const policy = await policySummary(run, (r) => checkStackPolicies(r, projectDir));
    const costByStack: StackCost[] = [];
    if (context.compare) {
        for (const other of knownStacks(projectDir)) {
            costByStack.push(other === stack ? costOf(run) : await costOfStack(other, projectDir));
        }
    }
    return buildPlan({ run, policy, costByStack });
}

function costOf(run: StackRun): StackCost {
    const cost = estimateMonthlyCost(run.resources, run.config["aws:region"] ?? "");
    return cost ? { stack: run.stack, monthlyUsd: cost.monthlyUsd } : { stack: run.stack, error: `no prices for ${run.config["aws:region"]}` };
}

/** A sibling that does not run is a one-line note in the comparison, never a failure of this plan. */
async function costOfStack(stack: string, projectDir: string): Promise<StackCost> {
    try {
        // A broken sibling is found without starting the runtime, so it leaves no stray rejection behind.
        if (projectDir === PROJECT_DIR) preflight(stack, {}, projectDir);
        return costOf(await runStack({ stack, projectDir }));
    } catch (err) {
        return { stack, error: noteOf(err) };
    }
}

/** The first line of an error, plus its first listed problem when the first line only announces them. */
function noteOf(err: unknown): string {
    const [first = "", second] = messageOf(err).split("\n");
    return second && first.endsWith(":") ? `${first} ${second.trim()}` : first;
}

export function render(plan: Plan, format: Format): string {
    if (format === "markdown") return renderMarkdown(plan);
    if (format === "json") return `${JSON.stringify(plan, null, 2)}\n`;
    return renderText(plan);
}

/** The whole command; returns the exit code. Never lets an exception (and its stack trace) out. */
export async function planCommand(argv: readonly string[], io: Io, context: PlanContext = {}): Promise<number> {
    const options = parsePlanArgs(argv, context.projectDir ?? PROJECT_DIR);
    if (typeof options === "string") {
        io.stderr(`${options ? `${options}\n` : ""}${USAGE}\n`);
        return options ? EXIT.usage : EXIT.ok;
    }
    if (options.diff !== undefined) return diffCommand({ ...options, diff: options.diff }, io, context);
    const runContext: PlanContext = {
        ...context,
        compare: context.compare ?? options.compare,
        configOverrides: { ...options.configOverrides, ...(context.configOverrides ?? {}) },
    };
    let plan: Plan;
    try {
        if ((context.projectDir ?? PROJECT_DIR) === PROJECT_DIR) preflight(options.stack, runContext.configOverrides, PROJECT_DIR);
        plan = await planStack(options.stack, runContext);
    } catch (err) {
        // ConfigError and StackFileError messages already name the key or file and the fix.
        io.stderr(`plan of stack "${options.stack}" failed:\n${messageOf(err)}\n`);
        return isUserError(err) ? EXIT.usage : EXIT.failed;
    }
    const text = render(plan, options.format);
    if (options.out) {
        try {
            fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
            fs.writeFileSync(options.out, text);
        } catch (err) {
            io.stderr(`cannot write ${options.out}: ${(err as Error).message}\n`);
            return EXIT.usage;
        }
        io.stderr(`wrote the ${options.format} plan of ${options.stack} to ${options.out}\n`);
    } else {
        io.stdout(text);
    }
    // A stack the policy check cannot evaluate has not passed it: an error, not "not run".
    if (!plan.policy.available) {
        io.stderr(`policy check of stack "${options.stack}" could not run: ${plan.policy.reason}\n`);
        return EXIT.usage;
    }
    return EXIT.ok;
}
