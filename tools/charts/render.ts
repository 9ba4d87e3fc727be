/**
 * `npm run charts`: every Helm Release the program records, rendered with a real helm from the
 * pulled chart exactly as `helm install` would get it, then validated and wired together.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { builtinApiVersions, builtinKinds, isClusterScopedBuiltin, validateBuiltin } from "./builtin.js";
import { archiveName, checkArchive, chartId, readLock, type ChartRef } from "./cache.js";
import { crdVersions, validateCustomResource, type CrdVersion } from "./crd.js";
import type { Helm } from "./helm.js";
import type { KubeObject, ReleaseSpec, StackObjects } from "./releases.js";
import { isBuiltinNamespace, ownershipFindings, wiringFindings, type OwnedObject } from "./wiring.js";

export interface RenderOptions {
    readonly helm: Helm;
    readonly cacheDir: string;
    readonly lockFile: string;
    /** The cluster's Kubernetes version, e.g. "1.36". */
    readonly kubeVersion: string;
    /** helm processes run at once while probing values. @default 4 */
    readonly concurrency?: number;
}

export interface ReleaseReport {
    readonly name: string;
    readonly namespace: string;
    readonly chart: ChartRef;
    objects: number;
    crds: number;
    readonly findings: string[];
    /** Worth knowing, not wrong: values restating the chart default, unchecked digests. */
    readonly notes: string[];
}

export interface ChartsReport {
    readonly releases: ReleaseReport[];
    /** Objects the program creates itself (custom resources, namespaces, ...). */
    readonly program: { objects: number; readonly findings: string[] };
    readonly wiring: string[];
    readonly notes: string[];
}

/** Charts that are not in the cache, or not what the lock file pins: nothing can be rendered. */
export class ChartsUnavailableError extends Error {
    override name = "ChartsUnavailableError";
}

interface Rendered {
    readonly release: ReleaseSpec;
    readonly report: ReleaseReport;
    readonly archive: string;
    readonly args: string[];
    readonly manifest: string;
    readonly objects: KubeObject[];
}

const WORKLOAD_RENDER_FLAGS = ["--skip-tests"];

export async function renderStack(stack: StackObjects, options: RenderOptions): Promise<ChartsReport> {
    const lock = readLock(options.lockFile);
    const notes: string[] = [];
    const unavailable: string[] = [];
    const archives = new Map<string, string>();
    for (const release of stack.releases) {
        const state = checkArchive(options.cacheDir, lock, release.chart);
        if (state.state === "missing") unavailable.push(`${archiveName(release.chart)} is not pulled`);
        else if (state.state === "mismatch") unavailable.push(`${archiveName(release.chart)} has digest ${state.digest}, ${path.basename(options.lockFile)} pins ${state.locked}`);
        else {
            if (state.state === "unlocked") notes.push(`${chartId(release.chart)}: no entry in ${path.basename(options.lockFile)}, digest ${state.digest} unchecked`);
            archives.set(release.urn, state.file);
        }
    }
    if (unavailable.length > 0) throw new ChartsUnavailableError(`${[...new Set(unavailable)].join("; ")} (run npm run charts:pull)`);

    const work = fs.mkdtempSync(path.join(os.tmpdir(), "charts-"));
    try {
        const rendered: Rendered[] = [];
        const crdsByRelease = new Map<string, CrdVersion[]>();
        for (const release of orderByDependencies(stack.releases)) {
            const crdApis = stack.releases
                .filter((other) => release.waitsFor.has(other.urn))
                .flatMap((other) => crdsByRelease.get(other.urn) ?? [])
                .flatMap((v) => [`${v.group}/${v.version}`, `${v.group}/${v.version}/${v.kind}`]);
            const args = [
                "template", release.name, archives.get(release.urn)!,
                "--namespace", release.namespace,
                "--kube-version", `v${options.kubeVersion}.0`,
                release.skipCrds ? "--skip-crds" : "--include-crds",
                ...WORKLOAD_RENDER_FLAGS,
                ...[...new Set([...builtinApiVersions(), ...crdApis])].flatMap((v) => ["--api-versions", v]),
            ];
            const report: ReleaseReport = { name: release.name, namespace: release.namespace, chart: release.chart, objects: 0, crds: 0, findings: [], notes: [] };
            const result = await template(options.helm, args, release.values, work);
            if (result.code !== 0) {
                report.findings.push(`helm template failed: ${result.stderr.trim().split("\n").slice(0, 3).join(" ")}`);
                rendered.push({ release, report, archive: archives.get(release.urn)!, args, manifest: "", objects: [] });
                continue;
            }
            for (const warning of result.stderr.split("\n").filter((l) => l.trim())) report.notes.push(`helm: ${warning.trim()}`);
            const objects = parseManifest(result.stdout);
            const crds = objects.filter((o) => o.kind === "CustomResourceDefinition").flatMap(crdVersions);
            crdsByRelease.set(release.urn, crds);
            report.objects = objects.length;
            report.crds = new Set(crds.map((c) => c.crd)).size;
            rendered.push({ release, report, archive: archives.get(release.urn)!, args, manifest: result.stdout, objects });
        }

        const allCrds = new Map<string, { version: CrdVersion; release: ReleaseSpec }>();
        for (const r of rendered) for (const v of crdsByRelease.get(r.release.urn) ?? []) allCrds.set(`${v.group}/${v.version}/${v.kind}`, { version: v, release: r.release });

        const owned: OwnedObject[] = [];
        const place = (object: KubeObject, owner: string, defaultNamespace: string): OwnedObject => {
            const [group, version] = splitApiVersion(object.apiVersion);
            const crd = allCrds.get(`${group}/${version}/${object.kind}`)?.version;
            const namespaced = crd ? crd.namespaced : !isClusterScopedBuiltin(String(object.kind));
            const namespace = namespaced ? object.metadata?.namespace ?? defaultNamespace : "";
            return { object, owner, namespace, groupKind: `${group}/${object.kind}` };
        };
        const check = async (object: KubeObject): Promise<string[]> => {
            const builtin = builtinKinds().get(`${object.apiVersion}/${object.kind}`);
            if (builtin) return validateBuiltin(object, builtin);
            const [group, version] = splitApiVersion(object.apiVersion);
            const crd = allCrds.get(`${group}/${version}/${object.kind}`);
            if (!crd) return [`no built-in API and no CRD of the releases serves ${object.apiVersion} ${object.kind}`];
            return validateCustomResource(object, crd.version);
        };
        const label = (o: KubeObject) => `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata?.name}`;

        for (const r of rendered) {
            for (const object of r.objects) {
                owned.push(place(object, `release ${r.release.name}`, r.release.namespace));
                for (const problem of await check(object)) r.report.findings.push(`${label(object)}: ${problem}`);
            }
        }
        const program = { objects: stack.programObjects.length, findings: [] as string[] };
        for (const p of stack.programObjects) {
            owned.push(place(p.object, `program ${p.resourceName}`, "default"));
            for (const problem of await check(p.object)) program.findings.push(`${label(p.object)} (${p.resourceName}): ${problem}`);
            const [group, version] = splitApiVersion(p.object.apiVersion);
            const crd = allCrds.get(`${group}/${version}/${p.object.kind}`);
            if (crd && !p.waitsFor.has(crd.release.urn)) {
                program.findings.push(`${label(p.object)} (${p.resourceName}): does not wait for release ${crd.release.name}, which installs its CRD`);
            }
        }

        const wiring = [
            ...wiringFindings(owned, stack.podIdentities, stack.addons),
            ...ownershipFindings(owned),
            ...namespaceFindings(stack, rendered, owned),
        ];

        const limit = limiter(options.concurrency ?? 4);
        await Promise.all(
            rendered
                .filter((r) => r.manifest)
                .map(async (r) => {
                    const { findings, notes: valueNotes } = await unusedValues(options.helm, r, work, limit);
                    r.report.findings.push(...findings);
                    r.report.notes.push(...valueNotes);
                }),
        );

        return { releases: rendered.map((r) => r.report), program, wiring, notes };
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

function splitApiVersion(apiVersion: string | undefined): [string, string] {
    const parts = String(apiVersion).split("/");
    return parts.length === 2 ? [parts[0]!, parts[1]!] : ["", parts[0]!];
}

/**
 * The objects of a rendered manifest as `helm install` creates them: a `v1` `List` (the AWS Load
 * Balancer Controller chart renders its IngressClass and IngressClassParams as one) is flattened
 * into its items, as helm's kube client does (cli-runtime's resource builder with `Flatten()`).
 */
export function parseManifest(text: string): KubeObject[] {
    const isObject = (o: unknown): o is KubeObject => o !== null && typeof o === "object" && typeof (o as KubeObject).kind === "string";
    const flatten = (o: KubeObject): KubeObject[] =>
        /List$/.test(String(o.kind)) && Array.isArray(o.items) ? (o.items as unknown[]).filter(isObject).flatMap(flatten) : [o];
    return parseAllDocuments(text)
        .map((doc) => doc.toJS() as unknown)
        .filter(isObject)
        .flatMap(flatten);
}

let valuesFileCount = 0;
async function template(helm: Helm, args: readonly string[], values: Record<string, unknown>, work: string) {
    const file = path.join(work, `values-${++valuesFileCount}.json`);
    fs.writeFileSync(file, JSON.stringify(values));
    return helm.run([...args, "--values", file]);
}

/** Releases after the releases they wait for. */
function orderByDependencies(releases: readonly ReleaseSpec[]): ReleaseSpec[] {
    const ordered: ReleaseSpec[] = [];
    const pending = [...releases];
    while (pending.length > 0) {
        const index = pending.findIndex((r) => !pending.some((other) => other !== r && r.waitsFor.has(other.urn)));
        ordered.push(...pending.splice(index === -1 ? 0 : index, 1));
    }
    return ordered;
}

/** Every namespace a release or program object writes into exists before it. */
function namespaceFindings(stack: StackObjects, rendered: readonly Rendered[], owned: readonly OwnedObject[]): string[] {
    const creators = new Map<string, Set<string>>();
    const addCreator = (namespace: string, urn: string) => creators.set(namespace, (creators.get(namespace) ?? new Set()).add(urn));
    for (const p of stack.programObjects) if (p.object.kind === "Namespace" && p.object.metadata?.name) addCreator(p.object.metadata.name, p.urn);
    for (const r of rendered) for (const o of r.objects) if (o.kind === "Namespace" && o.metadata?.name) addCreator(o.metadata.name, r.release.urn);
    const existsBefore = (namespace: string, waitsFor: ReadonlySet<string>) =>
        isBuiltinNamespace(namespace) || [...(creators.get(namespace) ?? [])].some((urn) => waitsFor.has(urn));

    const findings: string[] = [];
    for (const r of rendered) {
        const release = r.release;
        const own = owned.filter((o) => o.owner === `release ${release.name}` && o.namespace).map((o) => o.namespace);
        for (const namespace of new Set([release.namespace, ...own])) {
            const createdHere = namespace !== release.namespace && r.objects.some((o) => o.kind === "Namespace" && o.metadata?.name === namespace);
            const created = release.createNamespace && namespace === release.namespace;
            if (!createdHere && !created && !existsBefore(namespace, release.waitsFor)) {
                findings.push(`release ${release.name} writes into namespace ${namespace}, which nothing creates before it (create the Namespace and make the release depend on it)`);
            }
        }
    }
    for (const p of stack.programObjects) {
        const namespace = owned.find((o) => o.object === p.object)?.namespace;
        if (namespace && !existsBefore(namespace, p.waitsFor)) {
            findings.push(`program ${p.resourceName} writes into namespace ${namespace}, which nothing creates before it`);
        }
    }
    return findings;
}

/** Leaf paths of a values object: scalars and lists are leaves, objects are walked. */
function leaves(value: unknown, at: string[] = []): string[][] {
    if (value === null || typeof value !== "object" || Array.isArray(value) || Object.keys(value).length === 0) return at.length ? [at] : [];
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]));
}

/**
 * A value the project sets that changes nothing: with the value taken out (the chart's default
 * applies) the render is byte for byte the same (but for what the chart generates anew on each
 * render, see varyingKeys). Then a probe tells why: if another value at
 * the same key does change the render, the project's value restates the chart's effective
 * default (a note: pinning it can be deliberate); if the chart rejects the probe (a schema enum,
 * a `fail`), nothing is proven either way (a note that says so); if even that changes nothing, the chart
 * ignores the key, a misspelt or dead value (a finding). A dead key the chart's values do not
 * name is usually misspelt; but under a map whose other keys the project sets do reach the
 * render (a securityContext the chart passes through), it is spelt right and another value or
 * the template overrides it: the finding says which, so the fix is to drop it, not rename it.
 */
async function unusedValues(helm: Helm, r: Rendered, work: string, limit: Limiter): Promise<{ findings: string[]; notes: string[] }> {
    const again = await limit(() => template(helm, r.args, r.release.values, work));
    const varying = varyingKeys(r.manifest, again.stdout);
    if (varying === undefined) return { findings: [], notes: ["the chart renders differently each time: unused values not checked"] };
    const baseline = masked(r.manifest, varying);
    const same = (manifest: string) => masked(manifest, varying) === baseline;
    const shown = await limit(() => helm.run(["show", "values", r.archive]));
    const defaults = (shown.code === 0 ? parseYaml(shown.stdout) : {}) ?? {};
    const notes: string[] = [];
    const used: string[][] = [];
    const dead: string[][] = [];
    const render = (values: Record<string, unknown>) => limit(() => template(helm, r.args, values, work));
    await Promise.all(
        leaves(r.release.values).map(async (leaf) => {
            const removed = await render(replaced(r.release.values, leaf, undefined));
            if (removed.code !== 0 || !same(removed.stdout)) return void used.push(leaf);
            const set = at(r.release.values, leaf).value;
            const probed = await render(replaced(r.release.values, leaf, probe(set)));
            const value = `value ${leaf.join(".")}=${JSON.stringify(set)}`;
            if (probed.code !== 0) notes.push(`${value} renders as the chart's default, and a different value fails the render (${firstError(probed.stderr)}): whether the chart reads it is not checked`);
            else if (!same(probed.stdout)) notes.push(`${value} restates the chart's default`);
            else dead.push(leaf);
        }),
    );
    const findings = dead.map((leaf) => {
        const why = at(defaults, leaf).found ? "" : ` (${unknownKeyReason(defaults, leaf, used)})`;
        return `value ${leaf.join(".")}=${JSON.stringify(at(r.release.values, leaf).value)} changes nothing in the render${why}`;
    });
    return { findings: findings.sort(), notes: notes.sort() };
}

/**
 * What differs between two renders of the same values, line by line, as the YAML keys whose
 * values differ: a chart that generates a certificate at render time (`genCA`, `genSignedCert`:
 * the AWS Load Balancer Controller's webhook, and the checksum annotation over it) differs in
 * those lines only, and the values can still be checked with them masked. `[]` when the renders
 * are the same; undefined when they differ in shape (line count, or a line that is not `key: value`),
 * and nothing can be compared.
 */
export function varyingKeys(a: string, b: string): string[] | undefined {
    if (a === b) return [];
    const linesA = a.split("\n");
    const linesB = b.split("\n");
    if (linesA.length !== linesB.length) return undefined;
    const keys = new Set<string>();
    for (let i = 0; i < linesA.length; i++) {
        if (linesA[i] === linesB[i]) continue;
        const keyA = /^\s*(?:- )?[^\s:#-][^:]*:\s/.exec(linesA[i]!)?.[0];
        if (keyA === undefined || !linesB[i]!.startsWith(keyA)) return undefined;
        keys.add(keyA);
    }
    return [...keys];
}

/** The manifest with the value of every line starting with one of `keys` replaced. */
export function masked(manifest: string, keys: readonly string[]): string {
    if (keys.length === 0) return manifest;
    return manifest
        .split("\n")
        .map((line) => {
            const key = keys.find((k) => line.startsWith(k));
            return key === undefined ? line : `${key}<varies>`;
        })
        .join("\n");
}

/**
 * Why a dead key the chart's values do not name. Under a map the chart enumerates, it is
 * misspelt. Under a map the chart's values leave empty (`securityContext: {}`, passed through as
 * given) the chart's values cannot say; if another key the project sets under that map changes
 * the render, the map is passed through and this key is overridden by another value or the template.
 */
export function unknownKeyReason(defaults: unknown, leaf: readonly string[], used: readonly (readonly string[])[]): string {
    let depth = leaf.length - 1;
    while (depth > 0 && !at(defaults, leaf.slice(0, depth)).found) depth--;
    const parent = leaf.slice(0, depth);
    const parentDefault = at(defaults, parent).value;
    const passedThrough = depth > 0 && (parentDefault === null || (typeof parentDefault === "object" && !Array.isArray(parentDefault) && Object.keys(parentDefault).length === 0));
    const renderedSibling = passedThrough && used.some((u) => u.length > depth && parent.every((k, i) => u[i] === k));
    return renderedSibling
        ? `the chart's values have no such key, but the other keys set under ${parent.join(".")} reach the render: another value or the template overrides this one`
        : "the chart's values have no such key";
}

/**
 * helm's first error line, without its `Error: ` prefix; when it ends in a colon (a values schema
 * failure), with the lines after it that say what failed, e.g. `external-dns: - at '/registry':
 * value must be one of 'txt', ...`.
 */
export function firstError(stderr: string): string {
    const lines = stderr.split("\n");
    let index = lines.findIndex((l) => /error/i.test(l));
    if (index === -1) index = lines.findIndex((l) => l.trim());
    if (index === -1) return "";
    const line = lines[index]!.replace(/^Error:\s*/, "").trim();
    if (!line.endsWith(":")) return line;
    const detail = [];
    for (const next of lines.slice(index + 1)) {
        if (!next.trim() || detail.length === 3) break;
        detail.push(next.trim());
    }
    return [line, ...detail].join(" ");
}

/** A different value of the same type. */
function probe(value: unknown): unknown {
    if (typeof value === "string") return `${value}-probe`;
    if (typeof value === "number") return value + 1;
    if (typeof value === "boolean") return !value;
    if (Array.isArray(value)) return value.length ? [] : ["probe"];
    return "probe";
}

/** A copy of `values` with the leaf replaced, or removed when `value` is undefined. */
function replaced(values: Record<string, unknown>, leaf: string[], value: unknown): Record<string, unknown> {
    const copy = structuredClone(values);
    let node: Record<string, unknown> = copy;
    for (const key of leaf.slice(0, -1)) node = node[key] as Record<string, unknown>;
    if (value === undefined) delete node[leaf.at(-1)!];
    else node[leaf.at(-1)!] = value;
    return copy;
}

function at(value: unknown, leaf: readonly string[]): { found: boolean; value?: unknown } {
    let node = value;
    for (const key of leaf) {
        if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return { found: false };
        node = (node as Record<string, unknown>)[key];
    }
    return { found: true, value: node };
}

type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs at most `size` tasks at once (helm processes on a small CI machine). */
function limiter(size: number): Limiter {
    let running = 0;
    const waiting: (() => void)[] = [];
    return async (task) => {
        if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
        running++;
        try {
            return await task();
        } finally {
            running--;
            waiting.shift()?.();
        }
    };
}
