/**
 * Checks of the whole config that need more than one slice, or the region (`aws:region`),
 * read from the merged raw config: they are reported in the same round as the field errors,
 * which zod's whole-object refinements are not while any field is wrong.
 */
import { regionFacts } from "../domain/regions.js";
import { accessCrossSliceProblems, EXTERNAL_IDS_KEY } from "./schema/access.js";
import { serviceCidrOverlapsVpc } from "./schema/cluster.js";

interface Problem {
    readonly key: string;
    readonly message: string;
}

type Raw = Record<string, unknown>;

const objectAt = (value: unknown, key: string): Raw => {
    const v = value !== null && typeof value === "object" ? (value as Raw)[key] : undefined;
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : {};
};

/** More AZs than the region has. */
export function regionCapacityProblems(merged: unknown, region: string): Problem[] {
    const facts = regionFacts(region);
    const azCount = objectAt(merged, "network")["azCount"];
    if (!facts || typeof azCount !== "number" || !Number.isInteger(azCount) || azCount <= facts.zoneIds.length) return [];
    return [
        {
            key: "network.azCount",
            message:
                `${azCount} AZs requested but ${region} has ${facts.zoneIds.length} (${facts.zoneIds.join(", ")}); ` +
                `set network.azCount to ${facts.zoneIds.length} or fewer`,
        },
    ];
}

/** ARN fields that must point into the stack's own region and partition. */
export function regionBoundProblems(merged: unknown, region: string): Problem[] {
    const problems: Problem[] = [];
    const kmsArn = objectAt(merged, "cluster")["secretsKmsKeyArn"];
    const match = typeof kmsArn === "string" ? /^arn:([^:]+):kms:([^:]*):/.exec(kmsArn) : null;
    if (match && regionFacts(region)) {
        const [, partition, keyRegion] = match;
        // Every region this platform knows is in the commercial partition (domain/regions.ts).
        if (partition !== "aws") {
            problems.push({
                key: "cluster.secretsKmsKeyArn",
                message: `is in the ${partition} partition but ${region} is in aws; use a key ARN starting arn:aws:kms:${region}:`,
            });
        } else if (keyRegion !== region) {
            problems.push({
                key: "cluster.secretsKmsKeyArn",
                message: `is a key in ${keyRegion || "no region"} but the cluster runs in ${region}; EKS needs a key in its own region (arn:aws:kms:${region}:...)`,
            });
        }
    }
    return problems;
}

/** The cross-slice checks of `platformSchema`, run on raw values (they read defensively). */
export function crossSliceProblemsOfRaw(merged: unknown, stack: string): { path: PropertyKey[]; message: string }[] {
    const raw = merged !== null && typeof merged === "object" ? (merged as Raw) : {};
    const cluster = objectAt(raw, "cluster");
    const problems: { path: PropertyKey[]; message: string }[] = [
        ...accessCrossSliceProblems({
            stack,
            clusterName: cluster["name"],
            admins: cluster["admins"],
            previewRole: cluster["previewRole"],
            access: raw["access"],
            registries: raw["registries"],
            externalIds: raw[EXTERNAL_IDS_KEY],
        }),
    ];
    const serviceCidr = cluster["serviceCidr"];
    const vpcCidr = objectAt(raw, "network")["cidr"];
    if (typeof serviceCidr === "string" && typeof vpcCidr === "string" && serviceCidrOverlapsVpc(serviceCidr, vpcCidr)) {
        problems.push({
            path: ["cluster", "serviceCidr"],
            message: `${serviceCidr} overlaps the VPC ${vpcCidr}; pick a Service CIDR outside the VPC (e.g. 172.20.0.0/16)`,
        });
    }
    return problems;
}

/** Each `key: message` once, in first-seen order. */
export function uniqueProblems<T extends Problem>(problems: readonly T[]): T[] {
    const seen = new Set<string>();
    return problems.filter((p) => {
        const id = `${p.key}\u0000${p.message}`;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
    });
}
