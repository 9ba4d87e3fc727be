import { forEachIdentityStatement, IDENTITY_POLICY_TYPES } from "../../../lib/iam.js";
import { resourceRule } from "../../../lib/rule.js";

export const awsIamNoWildcardActions = resourceRule({
    name: "aws-iam-no-wildcard-actions",
    description: 'No identity policy allows every action ("*" or "*:*"), or everything but a list (Allow with NotAction).',
    severity: "critical",
    enforcementLevel: "mandatory",
    resourceTypes: IDENTITY_POLICY_TYPES,
    validate: (props, args, report) => {
        forEachIdentityStatement(args.type, props, report, (s, label) => {
            if (s.effect !== "Allow") return;
            if (s.actions.some((a) => a === "*" || a === "*:*")) {
                report(`${label}, allows every action: list the actions the workload needs (service:Action).`);
            }
            if (s.notActions.length > 0) {
                report(`${label}, allows everything except ${s.notActions.join(", ")} (NotAction): list the allowed actions instead.`);
            }
        });
    },
});
