import { IDENTITY_POLICY_TYPES, identityDocuments, parsePolicyDocument, PolicyDocumentError } from "../../../lib/iam.js";
import { resourceRule } from "../../../lib/rule.js";

export const awsIamNoIamWildcard = resourceRule({
    name: "aws-iam-no-iam-wildcard",
    description: 'No identity policy allows "iam:*": whoever holds it can grant themselves anything.',
    severity: "critical",
    enforcementLevel: "mandatory",
    resourceTypes: IDENTITY_POLICY_TYPES,
    validate: (props, args, report) => {
        for (const [label, document] of identityDocuments(args.type, props)) {
            try {
                parsePolicyDocument(document).forEach((s, i) => {
                    if (s.effect === "Allow" && s.actions.includes("iam:*")) {
                        report(`${label}, statement ${s.sid ?? i}, allows iam:*: list the IAM actions needed (e.g. iam:PassRole on one role ARN).`);
                    }
                });
            } catch (err) {
                if (!(err instanceof PolicyDocumentError)) throw err;
                report(`${label} ${err.message}: build it as an aws.iam.PolicyDocument and serialise it with pulumi.jsonStringify.`);
            }
        }
    },
});
