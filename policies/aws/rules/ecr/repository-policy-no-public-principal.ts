import { T } from "../../../lib/types.js";
import { isWildcardPrincipal, parsePolicyDocument, PolicyDocumentError } from "../../../lib/iam.js";
import { resourceRule } from "../../../lib/rule.js";

export const awsEcrRepositoryPolicyNoPublicPrincipal = resourceRule({
    name: "aws-ecr-repository-policy-no-public-principal",
    description: 'Repository policies never grant access to Principal "*".',
    severity: "critical",
    enforcementLevel: "mandatory",
    resourceTypes: [T.ecrRepositoryPolicy],
    validate: (props, _args, report) => {
        try {
            parsePolicyDocument(props["policy"]).forEach((s, i) => {
                if (s.effect === "Allow" && isWildcardPrincipal(s.principal)) {
                    report(`Statement ${s.sid ?? i} allows Principal "*": name the accounts or roles that may pull (e.g. { AWS: "arn:aws:iam::<account>:root" }).`);
                }
            });
        } catch (err) {
            if (!(err instanceof PolicyDocumentError)) throw err;
            report(`The repository policy ${err.message}: pass an aws.iam.PolicyDocument through pulumi.jsonStringify.`);
        }
    },
});
