import { z } from "zod";
import { cidrProblem } from "../../domain/cidr.js";

export const TIERS = ["dev", "prod"] as const;
export type Tier = (typeof TIERS)[number];

/** What every slice schema may depend on: the tier and the stack being parsed. */
export interface SchemaContext {
    readonly tier: Tier;
    readonly stack: string;
}

/** An IPv4 network CIDR (no host bits). */
export const cidr = z.string().superRefine((value, ctx) => {
    const problem = cidrProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** CloudWatch Logs accepts only these retention periods (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const logRetentionDays = z.number().superRefine((value, ctx) => {
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(value)) {
        ctx.addIssue({
            code: "custom",
            message: `${value} is not a CloudWatch Logs retention period; use one of ${LOG_RETENTION_DAYS.join(", ")}`,
        });
    }
});

/** AWS tag keys and values as the tagging API accepts them. */
const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/** AWS's limit of tags per resource (Tagging Best Practices, "Tag naming limits and requirements"). */
export const MAX_TAGS_PER_RESOURCE = 50;
/**
 * The most tags the program puts on one resource beside the config's own: Project, Stack, Tier
 * and ManagedBy everywhere, and on subnets Name, kubernetes.io/cluster/<name>,
 * kubernetes.io/role/(internal-)elb and karpenter.sh/discovery. tests/stacks/tags-limit.test.ts
 * pins it against every resource of both stacks.
 */
export const PROGRAM_TAGS_PER_RESOURCE = 8;

export const tags = z.record(z.string(), z.string()).superRefine((value, ctx) => {
    const room = MAX_TAGS_PER_RESOURCE - PROGRAM_TAGS_PER_RESOURCE;
    if (Object.keys(value).length > room) {
        ctx.addIssue({
            code: "custom",
            message:
                `lists ${Object.keys(value).length} tags; AWS allows ${MAX_TAGS_PER_RESOURCE} per resource and the program adds up to ` +
                `${PROGRAM_TAGS_PER_RESOURCE} of its own, so keep at most ${room}`,
        });
    }
    for (const [key, tagValue] of Object.entries(value)) {
        if (!TAG_KEY.test(key)) {
            ctx.addIssue({
                code: "custom",
                path: [key],
                message: `"${key}" is not a valid AWS tag key (1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:)`,
            });
        }
        if (!TAG_VALUE.test(tagValue)) {
            ctx.addIssue({
                code: "custom",
                path: [key],
                message: `the value of tag "${key}" is not a valid AWS tag value (0-256 letters, digits, spaces and _.:/=+-@)`,
            });
        }
    }
});
