/**
 * The two chart commands:
 * - `npm run charts:pull [-- --cache <dir>]`: `helm pull` every chart a stack installs, from the
 *   repository the program installs it from, at its pinned version, into the cache; each
 *   archive's digest goes into charts.lock.json, and a digest that differs from the lock fails.
 * - `npm run charts -- --stack <name> [--cache <dir>] [--set <config key>=<value>]...`: renders and
 *   checks every release; `--set` replaces a top-level stack config key for this run only, as in
 *   `npm run plan` and `npm run policy` (e.g. to render the releases a stack only installs with an
 *   option on: `--set karpenter='{"gpu":{"enabled":true}}'`).
 * Exit codes: 0 clean, 1 a finding (or a digest mismatch on pull), 2 bad usage, missing charts
 * or no network.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_KUBERNETES_VERSION } from "../../domain/versions.js";
import { PROJECT_DIR, runStack, type RecordedResource } from "../../engine/engine.js";
import { StackFileError } from "../../engine/stack-files.js";
import { ConfigError } from "../../stacks/config.js";
import { parseAssignments } from "../exit-codes.js";
import { archiveName, chartId, DEFAULT_CACHE_DIR, DEFAULT_LOCK_FILE, DEFAULT_TOOLS_DIR, LockFileError, lockEntry, readLock, sha256File, writeLock, type ChartRef } from "./cache.js";
import { helmFromLayer, type Helm } from "./helm.js";
import { stackObjects } from "./releases.js";
import { ChartsUnavailableError, renderStack } from "./render.js";
import { findingCount, formatChartsReport } from "./report.js";

export interface CliResult {
    readonly exitCode: number;
    readonly stdout: string;
    readonly stderr: string;
}

export interface CliEnvironment {
    /** @default the repository's .cache/charts */
    readonly cacheDir?: string;
    /** @default charts.lock.json in the repository */
    readonly lockFile?: string;
    /** @default the repository's .cache/tools */
    readonly toolsDir?: string;
    /** Recorded resources per stack (and `--set` overrides), instead of running the program (tests). */
    readonly resources?: (stack: string, configOverrides: Record<string, unknown>) => Promise<readonly RecordedResource[]>;
}

const CHARTS_USAGE = "usage: npm run charts -- --stack <dev|prod> [--cache <dir>] [--set <config key>=<value>]...";
const PULL_USAGE = "usage: npm run charts:pull [-- --stack <name>]... [--cache <dir>]";

async function recorded(stack: string, env: CliEnvironment, configOverrides: Record<string, unknown> = {}): Promise<readonly RecordedResource[]> {
    return env.resources ? env.resources(stack, configOverrides) : (await runStack({ stack, configOverrides })).resources;
}

function kubeVersion(resources: readonly RecordedResource[]): string {
    const cluster = resources.find((r) => r.type === "eks:index:Cluster");
    const version = cluster?.plainInputs.version;
    return typeof version === "string" && /^\d+\.\d+$/.test(version) ? version : DEFAULT_KUBERNETES_VERSION;
}

export async function runChartsCli(argv: readonly string[], env: CliEnvironment = {}): Promise<CliResult> {
    let stack: string;
    let cacheDir: string;
    let configOverrides: Record<string, unknown>;
    try {
        const { values } = parseArgs({
            args: [...argv],
            options: { stack: { type: "string", short: "s" }, cache: { type: "string" }, set: { type: "string", multiple: true } },
            strict: true,
        });
        if (!values.stack) throw new Error("missing --stack");
        stack = values.stack;
        const parsed = parseAssignments(values.set ?? []);
        if (typeof parsed === "string") throw new Error(parsed);
        configOverrides = parsed;
        cacheDir = path.resolve(values.cache ?? env.cacheDir ?? DEFAULT_CACHE_DIR);
    } catch (err) {
        return { exitCode: 2, stdout: "", stderr: `${(err as Error).message}\n${CHARTS_USAGE}\n` };
    }
    const started = Date.now();
    try {
        const resources = await recorded(stack, env, configOverrides);
        const helm = await helmFromLayer(env.toolsDir ?? DEFAULT_TOOLS_DIR);
        const report = await renderStack(stackObjects(resources), {
            helm,
            cacheDir,
            lockFile: env.lockFile ?? DEFAULT_LOCK_FILE,
            kubeVersion: kubeVersion(resources),
        });
        const seconds = (Date.now() - started) / 1000;
        return { exitCode: findingCount(report) > 0 ? 1 : 0, stdout: formatChartsReport(stack, report, seconds), stderr: "" };
    } catch (err) {
        if (err instanceof ChartsUnavailableError) return { exitCode: 2, stdout: "", stderr: `charts: ${err.message}\n` };
        if (err instanceof ConfigError || err instanceof StackFileError || err instanceof LockFileError) {
            return { exitCode: 2, stdout: "", stderr: `${err.message}\n` };
        }
        throw err;
    }
}

/** Every stack with a Pulumi.<stack>.yaml. */
function allStacks(): string[] {
    return fs
        .readdirSync(PROJECT_DIR)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** helm's words for "the repository could not be reached" (Go net errors). */
const NETWORK_ERROR = /dial tcp|no such host|connection refused|network is unreachable|i\/o timeout|TLS handshake timeout|temporary failure in name resolution|server misbehaving|connection reset/i;

export async function runChartsPullCli(argv: readonly string[], env: CliEnvironment = {}): Promise<CliResult> {
    let stacks: string[];
    let cacheDir: string;
    try {
        const { values } = parseArgs({ args: [...argv], options: { stack: { type: "string", multiple: true }, cache: { type: "string" } }, strict: true });
        stacks = values.stack ?? allStacks();
        cacheDir = path.resolve(values.cache ?? env.cacheDir ?? DEFAULT_CACHE_DIR);
    } catch (err) {
        return { exitCode: 2, stdout: "", stderr: `${(err as Error).message}\n${PULL_USAGE}\n` };
    }
    const lockFile = env.lockFile ?? DEFAULT_LOCK_FILE;
    try {
        const charts = new Map<string, ChartRef>();
        for (const stack of stacks) for (const r of stackObjects(await recorded(stack, env)).releases) charts.set(chartId(r.chart), r.chart);
        const helm = await helmFromLayer(env.toolsDir ?? DEFAULT_TOOLS_DIR);
        const lock = readLock(lockFile);
        const lines: string[] = [];
        let mismatches = 0;
        fs.mkdirSync(cacheDir, { recursive: true });
        for (const ref of [...charts.values()].sort((a, b) => chartId(a).localeCompare(chartId(b)))) {
            const pulled = await pull(helm, ref);
            if ("unreachable" in pulled) return { exitCode: 2, stdout: lines.join("\n"), stderr: `charts:pull: cannot reach ${ref.repo ?? ref.chart} (no network?): ${pulled.unreachable}\n` };
            if ("error" in pulled) return { exitCode: 2, stdout: lines.join("\n"), stderr: `charts:pull: ${chartId(ref)}: ${pulled.error}\n` };
            const digest = sha256File(pulled.file);
            const entry = lockEntry(lock, ref);
            if (entry && entry.digest !== digest) {
                mismatches++;
                lines.push(`FAIL ${chartId(ref)}: pulled ${digest}, ${path.basename(lockFile)} pins ${entry.digest}`);
                fs.rmSync(path.dirname(pulled.file), { recursive: true, force: true });
                continue;
            }
            fs.copyFileSync(pulled.file, path.join(cacheDir, archiveName(ref)));
            fs.rmSync(path.dirname(pulled.file), { recursive: true, force: true });
            if (!entry) lock.charts.push({ chart: ref.chart, ...(ref.repo ? { repo: ref.repo } : {}), version: ref.version, digest });
            lines.push(`${entry ? "ok  " : "new "} ${chartId(ref)} ${digest}`);
        }
        writeLock(lockFile, lock);
        lines.push("", mismatches ? `${mismatches} chart(s) differ from ${path.basename(lockFile)}: FAILED` : `${charts.size} chart(s) in ${cacheDir}`);
        return { exitCode: mismatches ? 1 : 0, stdout: `${lines.join("\n")}\n`, stderr: "" };
    } catch (err) {
        if (err instanceof ConfigError || err instanceof StackFileError || err instanceof LockFileError) return { exitCode: 2, stdout: "", stderr: `${err.message}\n` };
        throw err;
    }
}

async function pull(helm: Helm, ref: ChartRef): Promise<{ file: string } | { unreachable: string } | { error: string }> {
    const destination = fs.mkdtempSync(path.join(os.tmpdir(), "chart-pull-"));
    const args = ["pull", ref.chart, "--version", ref.version, "--destination", destination, ...(ref.repo ? ["--repo", ref.repo] : [])];
    const result = await helm.run(args);
    const firstLine = result.stderr.trim().split("\n").find((l) => l.trim()) ?? `exit ${result.code}`;
    if (result.code !== 0) {
        fs.rmSync(destination, { recursive: true, force: true });
        return NETWORK_ERROR.test(result.stderr) ? { unreachable: firstLine } : { error: firstLine };
    }
    const file = path.join(destination, archiveName(ref));
    if (!fs.existsSync(file)) return { error: `helm pull wrote ${fs.readdirSync(destination).join(", ")}, expected ${archiveName(ref)}` };
    return { file };
}
