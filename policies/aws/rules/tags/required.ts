import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { isSet, objectAt, peek } from "../../../lib/values.js";

interface Config {
    readonly requiredTags: string[];
}

/**
 * Types that take tags even when a program leaves `tags` out; any other AWS resource that has a
 * `tags` input is checked too. Types without tag support (policies, aliases, attachments) are not.
 */
export const TAGGABLE_TYPES: readonly string[] = [
    T.awsxVpc,
    T.eksComponentCluster,
    T.vpc,
    "aws:ec2/subnet:Subnet",
    T.securityGroup,
    T.launchTemplate,
    T.instance,
    T.flowLog,
    T.logGroup,
    T.iamRole,
    T.iamPolicy,
    T.kmsKey,
    T.eksCluster,
    T.eksNodeGroup,
    T.eksAddon,
    T.eksAccessEntry,
    T.eksPodIdentityAssociation,
    T.sqsQueue,
    "aws:cloudwatch/eventRule:EventRule",
    T.ecrRepository,
    "aws:secretsmanager/secret:Secret",
];

export const awsTagsRequired = resourceRule<Config>({
    name: "aws-tags-required",
    description: "Taggable AWS resources carry the tags cost reports and ownership lookups rely on.",
    severity: "medium",
    enforcementLevel: "mandatory",
    resourceTypes: TAGGABLE_TYPES,
    alsoAppliesTo: (type, props) => type.startsWith("aws:") && peek(props, "tags") !== undefined,
    configSchema: {
        properties: {
            requiredTags: { type: "array", items: { type: "string" }, default: ["Project", "Stack", "Tier", "ManagedBy"] },
        },
    },
    validate: (props, args, report, config) => {
        const tags = objectAt(props, "tags");
        // Provider default tags count: AWS applies them to every resource the provider creates.
        const defaults = objectAt(objectAt(args.provider?.props, "defaultTags"), "tags");
        const missing = config.requiredTags.filter((key) => !(tags && isSet(tags, key)) && !(defaults && isSet(defaults, key)));
        if (missing.length > 0) {
            report(`Missing tag${missing.length > 1 ? "s" : ""} ${missing.join(", ")}: pass the stack's defaultTags (config.defaultTags) as tags, or set them on the provider's defaultTags.`);
        }
    },
});
