import { forEachIdentityStatement, IDENTITY_POLICY_TYPES } from "../../../lib/iam.js";
import { resourceRule } from "../../../lib/rule.js";

export const awsIamNoIamWildcard = resourceRule({
    name: "aws-iam-no-iam-wildcard",
    description: 'No identity policy allows "iam:*": whoever holds it can grant themselves anything.',
    severity: "critical",
    enforcementLevel: "mandatory",
    resourceTypes: IDENTITY_POLICY_TYPES,
    validate: (props, args, report) => {
        forEachIdentityStatement(args.type, props, report, (s, label) => {
            if (s.effect === "Allow" && s.actions.includes("iam:*")) {
                report(`${label}, allows iam:*: list the IAM actions needed (e.g. iam:PassRole on one role ARN).`);
            }
        });
    },
});
