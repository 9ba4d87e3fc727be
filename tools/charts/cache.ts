/**
 * The chart cache and its lock file. `charts:pull` fills the cache (git-ignored) with the
 * archives `helm pull` fetched and records each archive's sha256 in the committed lock file;
 * `charts` renders only from archives the lock vouches for.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_DIR } from "../../engine/engine.js";

/** Where `charts:pull` puts archives and `charts` reads them. */
export const DEFAULT_CACHE_DIR = path.join(PROJECT_DIR, ".cache", "charts");
/** Where the helm binary is extracted. */
export const DEFAULT_TOOLS_DIR = path.join(PROJECT_DIR, ".cache", "tools");
export const DEFAULT_LOCK_FILE = path.join(PROJECT_DIR, "charts.lock.json");

/** A chart as a Release names it: `oci://...` alone, or a name in an HTTP repository. */
export interface ChartRef {
    /** `oci://registry/path/name` or the chart's name in `repo`. */
    readonly chart: string;
    /** The HTTP repository, absent for OCI references. */
    readonly repo?: string;
    readonly version: string;
}

/** The chart's own name: the last path element of an OCI reference. */
export function chartName(ref: ChartRef): string {
    return ref.chart.startsWith("oci://") ? ref.chart.slice(ref.chart.lastIndexOf("/") + 1) : ref.chart;
}

/** The file `helm pull` writes: `<name>-<version>.tgz`. */
export function archiveName(ref: ChartRef): string {
    return `${chartName(ref)}-${ref.version}.tgz`;
}

/** One line per chart reference, for messages and as the lock key. */
export function chartId(ref: ChartRef): string {
    return ref.repo ? `${ref.repo.replace(/\/+$/, "")}/${ref.chart}@${ref.version}` : `${ref.chart}@${ref.version}`;
}

export function sha256File(file: string): string {
    return `sha256:${createHash("sha256").update(fs.readFileSync(file)).digest("hex")}`;
}

export interface LockEntry {
    readonly chart: string;
    readonly repo?: string;
    readonly version: string;
    readonly digest: string;
}

export interface LockFile {
    readonly charts: LockEntry[];
}

export class LockFileError extends Error {
    override name = "LockFileError";
}

export function readLock(file: string): LockFile {
    if (!fs.existsSync(file)) return { charts: [] };
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new LockFileError(`${path.basename(file)} is not valid JSON: ${(err as Error).message}`);
    }
    const charts = (parsed as { charts?: unknown }).charts;
    if (!Array.isArray(charts) || !charts.every((e) => typeof e?.chart === "string" && typeof e?.version === "string" && /^sha256:[0-9a-f]{64}$/.test(e?.digest))) {
        throw new LockFileError(`${path.basename(file)}: expected {"charts": [{chart, repo?, version, digest: "sha256:<hex>"}]}`);
    }
    return { charts: charts as LockEntry[] };
}

export function writeLock(file: string, lock: LockFile): void {
    const charts = [...lock.charts].sort((a, b) => chartId(a).localeCompare(chartId(b)));
    fs.writeFileSync(file, `${JSON.stringify({ charts }, null, 2)}\n`);
}

export function lockEntry(lock: LockFile, ref: ChartRef): LockEntry | undefined {
    return lock.charts.find((e) => chartId(e) === chartId(ref));
}

/** What the cache holds for one chart, checked against the lock. */
export type ArchiveState =
    | { readonly state: "ok"; readonly file: string; readonly digest: string }
    | { readonly state: "unlocked"; readonly file: string; readonly digest: string }
    | { readonly state: "mismatch"; readonly file: string; readonly digest: string; readonly locked: string }
    | { readonly state: "missing"; readonly file: string };

export function checkArchive(cacheDir: string, lock: LockFile, ref: ChartRef): ArchiveState {
    const file = path.join(cacheDir, archiveName(ref));
    if (!fs.existsSync(file)) return { state: "missing", file };
    const digest = sha256File(file);
    const entry = lockEntry(lock, ref);
    if (!entry) return { state: "unlocked", file, digest };
    if (entry.digest !== digest) return { state: "mismatch", file, digest, locked: entry.digest };
    return { state: "ok", file, digest };
}
