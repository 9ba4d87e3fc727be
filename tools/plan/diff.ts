/**
 * What a change does to a stack, offline: two runs of the program (a base and the change)
 * compared resource by resource, the way `pulumi preview` would show them, plus what a preview
 * shows too late: which stateful resource a changed property would replace.
 *
 * Resources are matched by URN. A resource whose parent changed keeps its type and name but
 * gets a new URN: it is reported as a move, which Pulumi carries out as a delete and a create
 * unless the resource carries an alias of its old URN.
 */
import type { RecordedResource } from "../../engine/engine.js";
import { isStateful, replacementRule, replacementTriggers } from "./replacements.js";

export type ChangeKind = "create" | "update" | "delete";

export interface InputChange {
    /** Dotted input path; `prop{json.path}` for a path inside a JSON string. */
    readonly path: string;
    /** Value before and after as short text; `[secret]` where either side is a secret. */
    readonly before: string;
    readonly after: string;
}

export interface ResourceChange {
    readonly kind: ChangeKind;
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** For updates: every input path that changed. */
    readonly inputs: readonly InputChange[];
    /** Set when the resource moved to another parent (old and new parent URNs). */
    readonly move?: { readonly from: string | undefined; readonly to: string | undefined; readonly aliased: boolean };
    /** Changed paths that make the provider replace the resource (see replacements.ts). */
    readonly replacedBy: readonly string[];
    /** A type that holds data (replacements.ts): deleting or replacing it loses what it holds. */
    readonly stateful: boolean;
}

export interface StackDiff {
    readonly stack: string;
    /** What the change was compared with (a git ref, or a description). */
    readonly base: string;
    readonly changes: readonly ResourceChange[];
}

const SKIPPED_TYPES = new Set(["pulumi:pulumi:Stack"]);
const MAX_VALUE = 80;

/** Compares two runs of the same stack; changes come in the head run's order, deletes last. */
export function diffResources(base: readonly RecordedResource[], head: readonly RecordedResource[]): ResourceChange[] {
    const relevant = (r: RecordedResource) => !SKIPPED_TYPES.has(r.type);
    const baseByUrn = new Map(base.filter(relevant).map((r) => [r.urn, r]));
    const headUrns = new Set(head.filter(relevant).map((r) => r.urn));
    const key = (r: RecordedResource) => `${r.type}::${r.name}`;
    // Resources that left the base and reappear under another parent: candidates for a move.
    const goneByKey = new Map([...baseByUrn.values()].filter((r) => !headUrns.has(r.urn)).map((r) => [key(r), r]));
    const moved = new Set<string>();
    const changes: ResourceChange[] = [];

    for (const after of head.filter(relevant)) {
        const before = baseByUrn.get(after.urn) ?? goneByKey.get(key(after));
        if (!before) {
            changes.push(change("create", after, []));
            continue;
        }
        const inputs = diffValues(before.inputs, after.inputs);
        const move = before.urn !== after.urn ? { from: before.parent, to: after.parent, aliased: false } : undefined;
        if (move) moved.add(before.urn);
        if (inputs.length === 0 && !move) continue;
        changes.push(change("update", after, inputs, move));
    }
    for (const before of baseByUrn.values()) {
        if (!headUrns.has(before.urn) && !moved.has(before.urn)) changes.push(change("delete", before, []));
    }
    return changes;
}

function change(kind: ChangeKind, resource: RecordedResource, inputs: InputChange[], move?: ResourceChange["move"]): ResourceChange {
    const replacedBy = kind === "update" ? replacementTriggers(resource.type, inputs.map((i) => i.path), resource.replaceOnChanges) : [];
    return {
        kind,
        type: resource.type,
        name: resource.name,
        urn: resource.urn,
        inputs,
        ...(move && { move }),
        replacedBy,
        stateful: isStateful(resource.type),
    };
}

function isSecretMarker(value: unknown): value is { secret: true; value: unknown } {
    return typeof value === "object" && value !== null && (value as { secret?: unknown }).secret === true && "value" in value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A JSON document held in a string (IAM policies, add-on configuration), parsed; else undefined. */
function parseJsonDocument(value: unknown): unknown {
    if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return undefined;
    try {
        return JSON.parse(value);
    } catch {
        return undefined;
    }
}

function show(value: unknown): string {
    if (value === undefined) return "(unset)";
    const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
    return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 3)}...` : text;
}

function join(path: string, key: string | number): string {
    if (typeof key === "number") return `${path}[${key}]`;
    return path ? `${path}.${key}` : key;
}

/** Every leaf path that differs between two input trees, secrets masked. */
export function diffValues(before: unknown, after: unknown, path = ""): InputChange[] {
    if (isSecretMarker(before) || isSecretMarker(after)) {
        const plain = (v: unknown) => (isSecretMarker(v) ? v.value : v);
        if (JSON.stringify(plain(before)) === JSON.stringify(plain(after)) && isSecretMarker(before) === isSecretMarker(after)) return [];
        return [{ path: path || "(root)", before: before === undefined ? "(unset)" : "[secret]", after: after === undefined ? "(unset)" : "[secret]" }];
    }
    if (isPlainObject(before) && isPlainObject(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return keys.flatMap((k) => diffValues(before[k], after[k], join(path, k)));
    }
    if (Array.isArray(before) && Array.isArray(after)) {
        const length = Math.max(before.length, after.length);
        return Array.from({ length }, (_, i) => diffValues(before[i], after[i], join(path, i))).flat();
    }
    const [docBefore, docAfter] = [parseJsonDocument(before), parseJsonDocument(after)];
    if (docBefore !== undefined && docAfter !== undefined) {
        if (JSON.stringify(docBefore) === JSON.stringify(docAfter)) return [];
        // Paths inside the document keep the property they sit in, for the replacement table.
        return diffValues(docBefore, docAfter, "").map((c) => ({ ...c, path: `${path}{${c.path}}` }));
    }
    if (JSON.stringify(before) === JSON.stringify(after)) return [];
    return [{ path: path || "(root)", before: show(before), after: show(after) }];
}

/** Counts for a summary line. */
export function summarize(changes: readonly ResourceChange[]) {
    return {
        create: changes.filter((c) => c.kind === "create").length,
        update: changes.filter((c) => c.kind === "update").length,
        delete: changes.filter((c) => c.kind === "delete").length,
        replace: changes.filter((c) => c.replacedBy.length > 0).length,
        move: changes.filter((c) => c.move).length,
    };
}

/**
 * The loud part: every stateful resource that is deleted, replaced or moved without an alias,
 * with what it holds. Empty when the change keeps every stateful resource's identity.
 */
export function statefulWarnings(changes: readonly ResourceChange[]): string[] {
    return changes
        .filter((c) => c.stateful && (c.kind === "delete" || c.replacedBy.length > 0 || (c.move && !c.move.aliased)))
        .map((c) => {
            const holds = replacementRule(c.type)?.holds ?? "data";
            const what =
                c.kind === "delete"
                    ? "is DELETED"
                    : c.replacedBy.length > 0
                      ? `is likely REPLACED (delete and create) because ${c.replacedBy.join(", ")} changed`
                      : "MOVES to another parent without an alias, so Pulumi deletes and recreates it";
            return `STATEFUL ${c.type} ${c.name} ${what}: it holds ${holds}.`;
        });
}
