import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";

interface Config {
    readonly minimumRetentionDays: number;
}

export const awsCloudwatchLogGroupRetention = resourceRule<Config>({
    name: "aws-cloudwatch-log-group-retention",
    description: "Log groups keep their logs for a set period no shorter than the stack's minimum (audit and incident work need history).",
    severity: "medium",
    enforcementLevel: "mandatory",
    resourceTypes: [T.logGroup],
    configSchema: {
        properties: { minimumRetentionDays: { type: "integer", minimum: 1, default: 30 } },
    },
    validate: (props, _args, report, config) => {
        const days = props["retentionInDays"];
        if (typeof days !== "number" || days === 0) {
            report(`No retention is set, so logs are kept forever at full price: set retentionInDays to at least ${config.minimumRetentionDays}.`);
        } else if (days < config.minimumRetentionDays) {
            report(`Logs are kept ${days} days, less than the ${config.minimumRetentionDays} this stack requires: set retentionInDays to ${config.minimumRetentionDays} or more.`);
        }
    },
});
