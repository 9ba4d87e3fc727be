import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { TIERS, tags, type Tier } from "./schema/common.js";
import { clusterSchema, serviceCidrOverlapsVpc } from "./schema/cluster.js";
import { accessCrossSliceProblems, accessSchema, EXTERNAL_IDS_KEY, externalIdsSchema, setExternalIdCommand } from "./schema/access.js";
import { registriesSchema } from "./schema/registries.js";
import { karpenterSchema } from "./schema/karpenter.js";
import { ingressSchema, ingressSubdomainProblems } from "./schema/ingress.js";
import { networkSchema } from "./schema/network.js";
import { efsSchema, externalSecretsSchema, observabilitySchema, reloaderSchema } from "./schema/platform-services.js";
import { loadBalancingCrossSliceProblems, loadBalancingSchema } from "./schema/load-balancing.js";
import { clientVpnOverlapProblem, clientVpnSchema } from "./schema/client-vpn.js";
import { podIpBudgetProblem } from "./schema/capacity.js";
import { deepMerge, tierDefaults } from "./defaults.js";
import { crossSliceProblemsOfRaw, regionBoundProblems, regionCapacityProblems, uniqueProblems } from "./whole-config-checks.js";
import { regionProblem } from "../domain/regions.js";

/** The Pulumi config namespace of this project (`eks-platform:<key>`). */
export const CONFIG_NAMESPACE = "eks-platform";


/** The whole platform config. Each slice is built against the stack's tier. */
export function platformSchema(tier: Tier, stack: string) {
    const ctx = { tier, stack };
    return z
        .strictObject({
            /** dev or prod: picks the tier defaults. */
            tier: z.enum(TIERS),
            /** Protect stateful resources (KMS keys, the cluster, registries) from `pulumi destroy`. */
            protect: z.boolean(),
            /** Extra tags on every AWS resource, on top of the standard ones. */
            tags,
            network: networkSchema(ctx),
            cluster: clusterSchema(ctx),
            access: accessSchema(),
            registries: registriesSchema(ctx),
            /** Secret: integration name -> external ID (see README.md#add-an-integration). */
            [EXTERNAL_IDS_KEY]: externalIdsSchema,
            karpenter: karpenterSchema(ctx),
            ingress: ingressSchema(ctx),
            efs: efsSchema(ctx),
            externalSecrets: externalSecretsSchema(ctx),
            observability: observabilitySchema(ctx),
            reloader: reloaderSchema(ctx),
            loadBalancing: loadBalancingSchema(ctx),
            clientVpn: clientVpnSchema(ctx),
        })
        .superRefine((config, issue) => {
            const accessProblems = accessCrossSliceProblems({
                stack,
                clusterName: config.cluster?.name,
                admins: config.cluster?.admins,
                previewRole: config.cluster?.previewRole,
                access: config.access,
                registries: config.registries,
                externalIds: config[EXTERNAL_IDS_KEY],
            });
            for (const problem of accessProblems) issue.addIssue({ code: "custom", ...problem });
            if (serviceCidrOverlapsVpc(config.cluster.serviceCidr, config.network.cidr)) {
                issue.addIssue({
                    code: "custom",
                    path: ["cluster", "serviceCidr"],
                    message: `${config.cluster.serviceCidr} overlaps the VPC ${config.network.cidr}; pick a Service CIDR outside the VPC (e.g. 172.20.0.0/16)`,
                });
            }
            const ipBudget = podIpBudgetProblem(config);
            if (ipBudget) issue.addIssue({ code: "custom", ...ipBudget });
            const vpnOverlap = clientVpnOverlapProblem(config.clientVpn, config.network.cidr);
            if (vpnOverlap) issue.addIssue({ code: "custom", ...vpnOverlap });
        });
}

type ParsedConfig = z.infer<ReturnType<typeof platformSchema>>;

/** The typed config the program runs on: the parsed slices plus where it runs. */
export interface PlatformConfig extends Omit<ParsedConfig, typeof EXTERNAL_IDS_KEY> {
    /** Integration name -> external ID, only ever as a Pulumi secret. */
    readonly integrationExternalIds: Readonly<Record<string, pulumi.Output<string>>>;
    /** The Pulumi project name. */
    readonly project: string;
    /** The Pulumi stack name. */
    readonly stack: string;
    /** The AWS region (`aws:region`). */
    readonly region: string;
    /** Standard tags plus `tags` from config: apply to every AWS resource. */
    readonly defaultTags: Record<string, string>;
    /** Required secrets filled with a placeholder (offline only; always empty in a real run). */
    readonly placeholderSecrets: readonly PlaceholderSecret[];
}

export interface ConfigProblem {
    /** Dotted path from the config namespace, e.g. `network.azCount`. */
    readonly key: string;
    /** What is wrong and what to write instead. */
    readonly message: string;
}

/**
 * A config error the Pulumi CLI prints without a stack trace (RunError), listing
 * every bad key at once.
 */
export class ConfigError extends pulumi.RunError {
    constructor(
        readonly stackName: string,
        readonly problems: readonly ConfigProblem[],
    ) {
        super(
            `Stack "${stackName}" has invalid config (keys are under ${CONFIG_NAMESPACE}:, see README.md#configuration):\n` +
                problems.map((p) => `  - ${p.key}: ${p.message}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

export interface ConfigSource {
    readonly project: string;
    readonly stack: string;
    /** Raw values as Pulumi holds them: `namespace:key` -> string (objects JSON-encoded). */
    readonly values: Readonly<Record<string, string>>;
    /** Keys Pulumi holds encrypted (`--secret`); when given, keys that must be secret are checked. */
    readonly secretKeys?: readonly string[];
    /**
     * What a required secret the stack does not hold becomes: a config error (a real run), or a
     * placeholder listed in `placeholderSecrets` (the offline engine, which says so explicitly).
     * @default "error"
     */
    readonly missingSecrets?: "error" | "placeholder";
}

/** A required secret an offline run filled with a placeholder: set it before deploying. */
export interface PlaceholderSecret {
    /** The config key, e.g. `integrationExternalIds.satellite-vendor`. */
    readonly key: string;
    /** The exact command that sets it. */
    readonly command: string;
}

/** The value an offline run gives a required secret the stack file does not hold. */
export const PLACEHOLDER_SECRET = "offline-placeholder-secret";

/**
 * How the offline engine tells the program it runs offline: it calls the program's default
 * export with this object. The Pulumi CLI calls it with no argument, so a real run never has it.
 */
export interface OfflineRun {
    /** Required secrets the stack file lacks get a placeholder instead of failing the run. */
    readonly placeholderSecrets: true;
    /** Receives every placeholder given, for the plan's "set before deploying" list. */
    readonly reportPlaceholderSecrets: (secrets: readonly PlaceholderSecret[]) => void;
}

/** Parses a stack's raw config, or throws one ConfigError naming every bad key. */
export function parsePlatformConfig(source: ConfigSource): PlatformConfig {
    const problems: ConfigProblem[] = [];
    const raw: Record<string, unknown> = {};
    const prefix = `${CONFIG_NAMESPACE}:`;
    for (const [fullKey, text] of Object.entries(source.values)) {
        if (fullKey.startsWith(prefix)) raw[fullKey.slice(prefix.length)] = decodeValue(text);
    }

    const placeholderSecrets = source.missingSecrets === "placeholder" ? fillMissingSecrets(raw, source.stack) : [];

    const region = source.values["aws:region"];
    if (region === undefined) {
        problems.push({ key: "aws:region", message: "is required; run `pulumi config set aws:region eu-west-1` (your region)" });
    } else {
        const problem = regionProblem(region);
        if (problem) problems.push({ key: "aws:region", message: problem });
    }

    const tierResult = z.enum(TIERS).safeParse(raw["tier"]);
    // An invalid tier is reported by the full parse below; dev defaults let the rest be checked too.
    const tier: Tier = tierResult.success ? tierResult.data : "dev";
    const merged = deepMerge(tierDefaults(tier, source.stack), raw);
    const result = platformSchema(tier, source.stack).safeParse(merged, { error: describeIssue });
    if (!result.success) problems.push(...result.error.issues.flatMap((issue) => withYamlHint(issue, merged, toProblems(issue))));
    // zod skips the whole-config checks while any field is wrong: run them on the raw values so
    // cross-slice problems come in the same round as the field errors.
    if (!result.success) problems.push(...crossSliceProblemsOfRaw(merged, source.stack).map((p) => ({ key: formatPath(p.path), message: p.message })));
    if (region !== undefined) problems.push(...regionCapacityProblems(merged, region));
    if (region !== undefined) problems.push(...regionBoundProblems(merged, region));
    const externalIdsKey = `${prefix}${EXTERNAL_IDS_KEY}`;
    if (source.secretKeys && externalIdsKey in source.values && !source.secretKeys.includes(externalIdsKey)) {
        problems.push({
            key: EXTERNAL_IDS_KEY,
            message: `is stored in plain text; remove it and set each ID as a secret: \`${setExternalIdCommand("<integration>", source.stack)}\``,
        });
    }
    if (result.success && region !== undefined) problems.push(...ingressSubdomainProblems(result.data, region));
    if (result.success) problems.push(...loadBalancingCrossSliceProblems(result.data));
    if (problems.length > 0 || !result.success || region === undefined) throw new ConfigError(source.stack, uniqueProblems(problems));

    const { [EXTERNAL_IDS_KEY]: externalIds, ...config } = result.data;
    return {
        ...config,
        integrationExternalIds: Object.fromEntries(Object.entries(externalIds).map(([name, id]) => [name, pulumi.secret(id)])),
        project: source.project,
        stack: source.stack,
        region,
        placeholderSecrets,
        defaultTags: {
            Project: source.project,
            Stack: source.stack,
            Tier: config.tier,
            ManagedBy: "pulumi",
            ...config.tags,
        },
    };
}

/**
 * Every external ID an integration needs and the stack does not hold, set to the placeholder
 * in `raw` (mutated), as the list the plan shows.
 */
function fillMissingSecrets(raw: Record<string, unknown>, stack: string): PlaceholderSecret[] {
    const access = raw["access"] as { integrations?: unknown } | undefined;
    const integrations = Array.isArray(access?.integrations) ? (access.integrations as { name?: unknown }[]) : [];
    const given = raw[EXTERNAL_IDS_KEY];
    if (given !== undefined && (given === null || typeof given !== "object" || Array.isArray(given))) return [];
    const ids: Record<string, unknown> = { ...(given as Record<string, unknown> | undefined) };
    const filled: PlaceholderSecret[] = [];
    for (const integration of integrations) {
        const name = integration?.name;
        if (typeof name !== "string" || name in ids) continue;
        ids[name] = PLACEHOLDER_SECRET;
        filled.push({ key: `${EXTERNAL_IDS_KEY}.${name}`, command: setExternalIdCommand(name, stack) });
    }
    if (filled.length > 0) raw[EXTERNAL_IDS_KEY] = ids;
    return filled;
}

/** Reads the running stack's config through the Pulumi runtime and parses it. */
export function loadPlatformConfig(offline?: OfflineRun): PlatformConfig {
    const values = pulumi.runtime.allConfig();
    return parsePlatformConfig({
        ...(offline?.placeholderSecrets ? { missingSecrets: "placeholder" as const } : {}),
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        values,
        // The SDK exports isConfigSecret without typings; it is how a program learns which keys are secret.
        secretKeys: Object.keys(values).filter((key) => (pulumi.runtime as unknown as { isConfigSecret: (k: string) => boolean }).isConfigSecret(key)),
    });
}

/** Pulumi stores objects and arrays JSON-encoded and scalars as plain strings. */
function decodeValue(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/**
 * YAML reads unquoted `1.36` or `444455556666` as numbers (and `yes` as a boolean) where the
 * config wants text: say so, with the fix, on the problems such a value caused.
 */
function withYamlHint(issue: z.core.$ZodIssue, merged: unknown, problems: ConfigProblem[]): ConfigProblem[] {
    const wantsText =
        (issue.code === "invalid_type" && issue.expected === "string") ||
        (issue.code === "invalid_value" && issue.values.every((v) => typeof v === "string"));
    if (!wantsText) return problems;
    let value: unknown = merged;
    for (const part of issue.path) value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[part] : undefined;
    if (typeof value !== "number" && typeof value !== "boolean") return problems;
    const hint = `YAML reads an unquoted ${String(value)} as a ${typeof value}: quote it, "${String(value)}"`;
    return problems.map((p) => ({ ...p, message: `${p.message}; ${hint}` }));
}

function toProblems(issue: z.core.$ZodIssue): ConfigProblem[] {
    if (issue.code === "unrecognized_keys") {
        return issue.keys.map((key) => ({
            key: formatPath([...issue.path, key]),
            message: "is not a known key; remove it or fix its spelling (README.md#configuration lists every key)",
        }));
    }
    return [{ key: formatPath(issue.path), message: issue.message }];
}

function formatPath(path: readonly PropertyKey[]): string {
    if (path.length === 0) return "(root)";
    return path.reduce<string>((out, part, i) => {
        if (typeof part === "number") return `${out}[${part}]`;
        const text = String(part);
        if (!/^[A-Za-z0-9_:/@+=-]+$/.test(text)) return `${out}[${JSON.stringify(text)}]`;
        return i === 0 ? text : `${out}.${text}`;
    }, "");
}

/** Messages for zod's built-in checks; schema-level messages take precedence over these. */
function describeIssue(issue: z.core.$ZodRawIssue): string {
    const got = describeValue(issue.input);
    switch (issue.code) {
        case "invalid_type":
            return issue.input === undefined
                ? `is required (${issue.expected})`
                : `must be ${article(issue.expected)}, got ${got}`;
        case "invalid_value": {
            const allowed = issue.values.map((v) => JSON.stringify(v)).join(", ");
            return issue.input === undefined ? `is required: set one of ${allowed}` : `must be one of ${allowed}, got ${got}`;
        }
        case "too_small":
            return issue.origin === "array"
                ? `must list at least ${String(issue.minimum)} item(s)`
                : issue.origin === "string"
                  ? `must have at least ${String(issue.minimum)} character(s)`
                  : `must be at least ${String(issue.minimum)}, got ${got}`;
        case "too_big":
            return issue.origin === "array"
                ? `must list at most ${String(issue.maximum)} item(s)`
                : issue.origin === "string"
                  ? `must have at most ${String(issue.maximum)} character(s)`
                  : `must be at most ${String(issue.maximum)}, got ${got}`;
        case "invalid_format":
            return `${got} is not in the expected format (${issue.format})`;
        default:
            return issue.message ?? "is invalid";
    }
}

function article(expected: string): string {
    if (expected === "int") return "a whole number";
    if (expected === "array") return "a list";
    if (expected === "object") return "a map of keys";
    return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describeValue(value: unknown): string {
    if (value === undefined) return "nothing";
    if (Array.isArray(value)) return "a list";
    if (value !== null && typeof value === "object") return "a map";
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
