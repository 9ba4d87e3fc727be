/**
 * Where a field of a NodePool comes from in the config: a schema error of the typed object
 * (`/spec/disruption/budgets/0/schedule`) is reported against the key the user wrote
 * (`karpenter.nodePools.<name>.disruption.budgets[0].schedule`).
 */

/** CR path prefixes and the config keys they are built from (buildNodePool). */
const FROM_CONFIG: readonly [RegExp, (m: RegExpExecArray) => string][] = [
    [/^\/spec\/disruption\/budgets\/(\d+)(?:\/(\w+))?/, (m) => `disruption.budgets[${m[1]}]${m[2] ? `.${m[2]}` : ""}`],
    [/^\/spec\/disruption\/(\w+)/, (m) => `disruption.${m[1]}`],
    [/^\/spec\/template\/metadata\/labels(?:\/(.+))?/, (m) => (m[1] ? `labels[${JSON.stringify(m[1].replace(/~1/g, "/").replace(/~0/g, "~"))}]` : "labels")],
    [/^\/spec\/template\/spec\/taints\/(\d+)(?:\/(\w+))?/, (m) => `taints[${m[1]}]${m[2] ? `.${m[2]}` : ""}`],
    [/^\/spec\/template\/spec\/expireAfter/, () => "expireAfter"],
    [/^\/spec\/weight/, () => "weight"],
    [/^\/spec\/limits\/cpu/, () => "limits.cpu"],
    [/^\/spec\/limits\/memory/, () => "limits.memoryGiB"],
];

/** The config key of a NodePool field, or undefined when the program, not the config, sets it. */
export function nodePoolConfigKey(pool: string, instancePath: string): string | undefined {
    for (const [pattern, key] of FROM_CONFIG) {
        const m = pattern.exec(instancePath);
        if (m) return `karpenter.nodePools.${pool}.${key(m)}`;
    }
    return undefined;
}

interface SchemaError {
    readonly instancePath?: string;
    readonly message?: string;
}

/** The typed object's validation error, reworded with the config keys it came from. */
export function describeNodePoolError(pool: string, err: unknown): string {
    const errors = (err as { errors?: SchemaError[] }).errors;
    if (!Array.isArray(errors) || errors.length === 0) return err instanceof Error ? err.message : String(err);
    return errors
        .map((e) => {
            const key = nodePoolConfigKey(pool, e.instancePath ?? "");
            return `${key ?? `NodePool ${pool} ${e.instancePath ?? ""}`}: ${e.message ?? "is invalid"} (Karpenter NodePool schema)`;
        })
        .join("\n");
}
