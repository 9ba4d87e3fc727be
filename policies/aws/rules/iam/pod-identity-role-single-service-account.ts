import type { PolicyResource } from "@pulumi/policy";
import { T } from "../../../lib/types.js";
import { stackRule } from "../../../lib/rule.js";
import { listAt, objectAt } from "../../../lib/values.js";

/** The role a Pod Identity association points at, found through the dependency its roleArn carries. */
function roleOf(resource: PolicyResource, property: string): PolicyResource | undefined {
    const roles = (resource.propertyDependencies[property] ?? []).filter((d) => d.type === T.iamRole);
    return roles.length === 1 ? roles[0] : undefined;
}

export const awsIamPodIdentityRoleSingleServiceAccount = stackRule({
    name: "aws-iam-pod-identity-role-single-service-account",
    description: "Each role used through EKS Pod Identity serves one service account, so one workload's permissions never leak to another.",
    severity: "high",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const users = new Map<PolicyResource, Set<string>>();
        const use = (role: PolicyResource | undefined, serviceAccount: string) => {
            if (!role) return;
            users.set(role, (users.get(role) ?? new Set()).add(serviceAccount));
        };
        for (const r of args.resources) {
            if (r.type === T.eksPodIdentityAssociation) {
                use(roleOf(r, "roleArn"), `${String(r.props["namespace"])}/${String(r.props["serviceAccount"])}`);
            } else if (r.type === T.eksAddon) {
                const associations = listAt(r.props, "podIdentityAssociations");
                // Which entry a dependency belongs to is only clear when there is one entry.
                if (associations.length === 1) {
                    const namespace = objectAt(r.props, "namespaceConfig")?.["namespace"] ?? "kube-system";
                    use(roleOf(r, "podIdentityAssociations"), `${String(namespace)}/${String(associations[0]["serviceAccount"])}`);
                }
            }
        }
        for (const [role, accounts] of users) {
            if (accounts.size > 1) {
                report(
                    `Role ${role.name} is associated with ${accounts.size} service accounts (${[...accounts].sort().join(", ")}): give each service account its own role with only the permissions it needs.`,
                    role.urn,
                );
            }
        }
    },
});
