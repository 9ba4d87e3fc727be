/**
 * Reading resource inputs that may be unknown. During a preview the policy SDK wraps inputs in
 * a proxy that throws when a rule reads an unknown leaf, and the engine then reports "can't run
 * policy during preview" as advisory. Rules that only need to know a value was *set* (a KMS key
 * ARN, a queue name) use `isSet`, which looks at the property without reading it through the
 * proxy, so they still judge the resource during a first preview.
 */

/** The sentinels the policy SDK uses for unknown values (`@pulumi/policy` proxy.js). */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

export function isUnknown(value: unknown): boolean {
    return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/** The raw value of `obj[key]` without tripping the unknown-checking proxy (may be a sentinel). */
export function peek(obj: unknown, key: string): unknown {
    if (obj === null || typeof obj !== "object") return undefined;
    return Object.getOwnPropertyDescriptor(obj, key)?.value;
}

/** True when `obj[key]` holds a value, known or not yet known; empty strings and lists count as unset. */
export function isSet(obj: unknown, key: string): boolean {
    const value = peek(obj, key);
    if (value === undefined || value === null || value === "") return false;
    if (Array.isArray(value)) return value.length > 0;
    return true;
}

/** `obj[key]` as a plain object, or undefined when absent or not an object. Reads through the proxy. */
export function objectAt(obj: unknown, key: string): Record<string, any> | undefined {
    if (obj === null || typeof obj !== "object") return undefined;
    const value = (obj as Record<string, unknown>)[key];
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, any>) : undefined;
}

/** `obj[key]` as a list, or [] when absent. Reads through the proxy. */
export function listAt(obj: unknown, key: string): any[] {
    if (obj === null || typeof obj !== "object") return [];
    const value = (obj as Record<string, unknown>)[key];
    return Array.isArray(value) ? value : [];
}

/** Follows a path of keys; undefined as soon as one is missing. Reads through the proxy. */
export function valueAt(obj: unknown, path: readonly (string | number)[]): unknown {
    let current: unknown = obj;
    for (const key of path) {
        if (current === null || typeof current !== "object") return undefined;
        current = (current as Record<string | number, unknown>)[key];
    }
    return current;
}

/** Booleans arrive as strings from some providers' nested blocks ("true"). */
export function isTrue(value: unknown): boolean {
    return value === true || value === "true";
}

/** Matches `value` against a pattern where `*` stands for any run of characters. */
export function globMatch(pattern: string, value: string): boolean {
    const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
    return new RegExp(`^${escaped}$`).test(value);
}
