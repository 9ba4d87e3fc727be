import { IDENTITY_POLICY_TYPES, identityDocuments, parsePolicyDocument, PolicyDocumentError } from "../../../lib/iam.js";
import { resourceRule } from "../../../lib/rule.js";

export const awsIamNoWildcardActions = resourceRule({
    name: "aws-iam-no-wildcard-actions",
    description: 'No identity policy allows every action ("*" or "*:*"), or everything but a list (Allow with NotAction).',
    severity: "critical",
    enforcementLevel: "mandatory",
    resourceTypes: IDENTITY_POLICY_TYPES,
    validate: (props, args, report) => {
        for (const [label, document] of identityDocuments(args.type, props)) {
            try {
                parsePolicyDocument(document).forEach((s, i) => {
                    if (s.effect !== "Allow") return;
                    const id = s.sid ?? String(i);
                    if (s.actions.some((a) => a === "*" || a === "*:*")) {
                        report(`${label}, statement ${id}, allows every action: list the actions the workload needs (service:Action).`);
                    }
                    if (s.notActions.length > 0) {
                        report(`${label}, statement ${id}, allows everything except ${s.notActions.join(", ")} (NotAction): list the allowed actions instead.`);
                    }
                });
            } catch (err) {
                if (!(err instanceof PolicyDocumentError)) throw err;
                report(`${label} ${err.message}: build it as an aws.iam.PolicyDocument and serialise it with pulumi.jsonStringify.`);
            }
        }
    },
});
