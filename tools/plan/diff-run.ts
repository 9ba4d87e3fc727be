/**
 * `npm run plan -- --stack <s> --diff <git ref>`: runs the program at `ref` (checked out in a
 * temporary git worktree that borrows this checkout's node_modules) and at the working tree,
 * both offline under the mock engine, and compares what they register.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runStack, PROJECT_DIR } from "../../engine/engine.js";
import { StackFileError } from "../../engine/stack-files.js";
import { diffResources, type StackDiff } from "./diff.js";
import { renderDiffMarkdown, renderDiffText } from "./diff-render.js";

export class DiffError extends Error {
    override name = "DiffError";
}

export interface DiffContext {
    /** @default this repository */
    readonly projectDir?: string;
    /** Top-level config keys replaced in the working tree's run only (tests). @default {} */
    readonly configOverrides?: Record<string, unknown>;
}

function git(cwd: string, args: string[]): string {
    try {
        return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
    } catch (err) {
        const stderr = (err as { stderr?: string }).stderr?.trim();
        throw new DiffError(`git ${args.join(" ")} failed${stderr ? `: ${stderr}` : ""}`);
    }
}

/** Checks `ref` out in a temporary worktree, runs `use` on the project there, and removes it. */
export async function withWorktree<T>(projectDir: string, ref: string, use: (baseProjectDir: string) => Promise<T>): Promise<T> {
    const top = git(projectDir, ["rev-parse", "--show-toplevel"]);
    let commit: string;
    try {
        commit = git(projectDir, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    } catch {
        throw new DiffError(`"${ref}" is not a commit, branch or tag of this repository (fetch it first: git fetch origin ${ref})`);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eks-platform-diff-"));
    git(top, ["worktree", "add", "--detach", "--quiet", dir, commit]);
    try {
        const relative = path.relative(fs.realpathSync(top), fs.realpathSync(projectDir));
        const baseProjectDir = path.join(dir, relative);
        // The base shares this checkout's dependencies; a ref with other versions would need its own `npm ci`.
        const modules = path.join(projectDir, "node_modules");
        if (fs.existsSync(modules) && !fs.existsSync(path.join(baseProjectDir, "node_modules"))) {
            fs.symlinkSync(modules, path.join(baseProjectDir, "node_modules"), "dir");
        }
        return await use(baseProjectDir);
    } finally {
        git(top, ["worktree", "remove", "--force", dir]);
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The diff of `stack` between `ref` and the working tree. */
export async function planDiff(stack: string, ref: string, context: DiffContext = {}): Promise<StackDiff> {
    const projectDir = context.projectDir ?? PROJECT_DIR;
    const base = await withWorktree(projectDir, ref, async (baseDir) => {
        try {
            return (await runStack({ stack, projectDir: baseDir })).resources;
        } catch (err) {
            // A stack the base does not have yet: everything in it is new.
            if (err instanceof StackFileError && /unknown stack/.test(err.message)) return [];
            throw new DiffError(`the program at ${ref} does not run for stack ${stack}: ${(err as Error).message}`);
        }
    });
    const head = await runStack({ stack, projectDir, configOverrides: context.configOverrides ?? {} });
    return { stack, base: ref, changes: diffResources(base, head.resources) };
}

export interface DiffOutput {
    readonly stack: string;
    readonly diff: string;
    readonly format: "text" | "markdown" | "json";
    readonly out: string | undefined;
}

/** The `--diff` branch of `npm run plan`; returns the exit code. */
export async function diffCommand(
    options: DiffOutput,
    io: { readonly stdout: (text: string) => void; readonly stderr: (text: string) => void },
    context: DiffContext = {},
): Promise<number> {
    let diff: StackDiff;
    try {
        diff = await planDiff(options.stack, options.diff, context);
    } catch (err) {
        io.stderr(`diff of stack "${options.stack}" against ${options.diff} failed:\n${err instanceof Error ? err.message : String(err)}\n`);
        return 1;
    }
    const text =
        options.format === "json" ? `${JSON.stringify(diff, null, 2)}\n` : options.format === "markdown" ? renderDiffMarkdown(diff) : renderDiffText(diff);
    if (!options.out) {
        io.stdout(text);
        return 0;
    }
    try {
        fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
        fs.writeFileSync(options.out, text);
    } catch (err) {
        io.stderr(`cannot write ${options.out}: ${(err as Error).message}\n`);
        return 1;
    }
    io.stderr(`wrote the ${options.format} diff of ${options.stack} against ${options.diff} to ${options.out}\n`);
    return 0;
}
