/**
 * Every EC2 instance type, from the maintained enum `aws.ec2.InstanceType` of @pulumi/aws (the
 * pinned version in package.json; generated from the provider's schema, which follows the EC2
 * API's `InstanceType` values). Read as a plain table: this module creates no resources.
 */
import { InstanceType } from "@pulumi/aws/types/enums/ec2/index.js";

const KNOWN: ReadonlySet<string> = new Set(Object.values(InstanceType));

/** True for an EC2 instance type that exists, e.g. m7i.large. */
export function isEc2InstanceType(name: string): boolean {
    return KNOWN.has(name);
}

/** Up to `limit` known types of the same family, to suggest instead of one that does not exist. */
export function sameFamilyTypes(name: string, limit = 4): string[] {
    const family = name.split(".")[0] ?? "";
    return [...KNOWN].filter((t) => t.startsWith(`${family}.`)).slice(0, limit);
}
