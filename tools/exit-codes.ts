/**
 * Exit codes of `npm run plan` and `npm run policy` (README.md#exit-codes), and the checks
 * both commands run before the program: a bad stack file or config is reported from here,
 * once, without starting the Pulumi runtime.
 */
import { PROJECT_DIR, wasReported } from "../engine/engine.js";
import { readStackFiles } from "../engine/stack-files.js";
import { parsePlatformConfig } from "../stacks/config.js";

export const EXIT = {
    /** The plan was written; the policy check found no mandatory violation. */
    ok: 0,
    /** policy: a mandatory violation. plan: the program failed while running (its message says where). */
    failed: 1,
    /** Bad usage, an unknown stack, an unreadable stack file or an invalid config. */
    usage: 2,
} as const;

/** Errors whose message already names the file or key at fault and the fix: printed as they are. */
const USER_ERRORS = new Set(["ConfigError", "StackFileError", "PolicyConfigError", "PolicyConfigMissingError"]);

/** True for a mistake in what the user gave (usage, stack file, config), as opposed to a failure of the run. */
export function isUserError(err: unknown): boolean {
    return err instanceof Error && USER_ERRORS.has(err.name);
}

/** The message alone: never a stack trace. */
export function messageOf(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}

/**
 * Reads the stack's files and parses its config the way the program will; throws the
 * StackFileError or ConfigError a run would end with, before any runtime is started.
 */
export function preflight(stack: string, overrides: Record<string, unknown> = {}, projectDir = PROJECT_DIR): void {
    const files = readStackFiles(projectDir, stack, overrides);
    // As the offline engine runs it: a required secret the stack file lacks gets a placeholder the plan lists.
    parsePlatformConfig({ project: files.project, stack, values: files.values, secretKeys: files.secretKeys, missingSecrets: "placeholder" });
}

/**
 * For a command's entry point: the Pulumi runtime reports some failures as rejections of its
 * own promises, outside the command's try/catch. Print their message once and exit with the
 * code it deserves, never with Node's stack trace. Call the returned function once the command
 * has printed its own outcome: a stray rejection after that is the same failure, already told.
 */
export function exitCleanlyOnStrayErrors(prefix: string, runFailureCode: number): (exitCode: number) => void {
    let done: number | undefined;
    const bail = (err: unknown) => {
        // The run that failed with it has been reported through the command already.
        if (wasReported(err)) return;
        if (done === undefined) process.stderr.write(`${prefix}${messageOf(err)}\n`);
        process.exit(done ?? (isUserError(err) ? EXIT.usage : runFailureCode));
    };
    process.on("unhandledRejection", bail);
    process.on("uncaughtException", bail);
    return (exitCode) => {
        done = exitCode;
        process.exitCode = exitCode;
    };
}

/** `key=value` assignments of `--set`: values parse as JSON when they can. */
export function parseAssignments(assignments: readonly string[]): Record<string, unknown> | string {
    const overrides: Record<string, unknown> = {};
    for (const assignment of assignments) {
        const eq = assignment.indexOf("=");
        if (eq <= 0) return `--set ${assignment}: write it as <config key>=<value>`;
        const text = assignment.slice(eq + 1);
        let value: unknown = text;
        try {
            value = JSON.parse(text);
        } catch {
            // a plain string
        }
        overrides[assignment.slice(0, eq)] = value;
    }
    return overrides;
}
