import { forEachIdentityStatement, IDENTITY_POLICY_TYPES } from "../../../lib/iam.js";
import { stackRule } from "../../../lib/rule.js";
import { T } from "../../../lib/types.js";
import { globMatch } from "../../../lib/values.js";

/** Actions that return a parameter's or a secret's value (lower-case, as statements are normalised). */
const SECRET_READ_ACTIONS = [
    "ssm:getparameter",
    "ssm:getparameters",
    "ssm:getparametersbypath",
    "ssm:getparameterhistory",
    "secretsmanager:getsecretvalue",
    "secretsmanager:batchgetsecretvalue",
] as const;

const escape = (text: string) => text.replace(/[.+?^${}()|[\]\\*]/g, "\\$&");

/**
 * A resource a secret reader may name: a parameter or secret under one cluster's prefix, in a
 * named region and account, or an AWS-owned public parameter (no account: `parameter/aws/...`,
 * such as the EKS AMI ids), which cannot hold this account's secrets.
 */
function inScope(resource: string, clusters: readonly string[]): boolean {
    if (/^arn:[a-z-]+:ssm:[a-z0-9-]*::parameter\/aws\//.test(resource)) return true;
    return clusters.some((cluster) =>
        new RegExp(`^arn:[a-z-]+:(ssm:[a-z0-9-]+:\\d{12}:parameter/|secretsmanager:[a-z0-9-]+:\\d{12}:secret:)${escape(cluster)}/`).test(resource),
    );
}

export const awsIamSecretReadScopedToCluster = stackRule({
    name: "aws-iam-secret-read-scoped-to-cluster",
    description:
        "An identity policy that reads SSM parameters or Secrets Manager secrets (a secret store's IAM) names only the cluster's own prefix: parameter/<cluster>/* and secret:<cluster>/*.",
    severity: "high",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const clusters = args.resources
            .filter((r) => r.type === T.eksComponentCluster || r.type === T.eksCluster)
            .map((r) => r.props["name"])
            .filter((name): name is string => typeof name === "string" && name !== "");
        if (clusters.length === 0) return;
        for (const r of args.resources) {
            if (!(IDENTITY_POLICY_TYPES as readonly string[]).includes(r.type)) continue;
            forEachIdentityStatement(
                r.type,
                r.props,
                (message) => report(`${r.name}: ${message}`, r.urn),
                (s, label) => {
                    if (s.effect !== "Allow") return;
                    const reads = s.notActions.length > 0 || s.actions.some((a) => SECRET_READ_ACTIONS.some((read) => globMatch(a, read)));
                    if (!reads) return;
                    for (const resource of s.resources) {
                        if (inScope(resource, clusters)) continue;
                        report(
                            `${r.name}: ${label} reads secrets from ${resource}, wider than the cluster's prefix: name arn:<partition>:ssm:<region>:<account>:parameter/${clusters[0]}/* or arn:<partition>:secretsmanager:<region>:<account>:secret:${clusters[0]}/* instead.`,
                            r.urn,
                        );
                    }
                },
            );
        }
    },
});
