import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { listAt, objectAt } from "../../../lib/values.js";
import { principalMatches } from "../../../../domain/principals.js";

interface Config {
    readonly clusterAdminPrincipals: string[];
}

const CLUSTER_ADMIN_POLICY = /:cluster-access-policy\/AmazonEKSClusterAdminPolicy$/;
const ADMIN_POLICY = /:cluster-access-policy\/AmazonEKSAdminPolicy$/;

/** Cluster-wide admin: the ClusterAdmin policy, or the Admin policy at cluster scope. */
function grantsClusterAdmin(policyArn: unknown, scope: Record<string, any> | undefined): boolean {
    if (typeof policyArn !== "string") return false;
    return CLUSTER_ADMIN_POLICY.test(policyArn) || (ADMIN_POLICY.test(policyArn) && scope?.["type"] === "cluster");
}

export const awsEksClusterAdminAllowlist = resourceRule<Config>({
    name: "aws-eks-cluster-admin-allowlist",
    description: "Only principals listed in the policy config get cluster-admin through access entries.",
    severity: "critical",
    enforcementLevel: "mandatory",
    resourceTypes: [T.eksAccessPolicyAssociation, T.eksAccessEntry, T.eksComponentCluster],
    configSchema: {
        properties: {
            clusterAdminPrincipals: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    "cluster.admins of the stack (npm run policy-config writes it here): IAM ARNs (a * matches any run of characters) or role/<name> in any account.",
            },
        },
    },
    validate: (props, args, report, config) => {
        const allowed = (principal: string) => config.clusterAdminPrincipals.some((p) => principalMatches(p, principal));
        const fix = "grant it a narrower policy (AmazonEKSAdminPolicy or AmazonEKSViewPolicy scoped to namespaces), or add it to cluster.admins in Pulumi.<stack>.yaml";
        const check = (principal: unknown, how: string) => {
            if (typeof principal !== "string" || !allowed(principal)) report(`${String(principal)} is made cluster admin ${how} but is not an allowed cluster admin: ${fix}.`);
        };
        if (args.type === T.eksAccessPolicyAssociation) {
            if (grantsClusterAdmin(props["policyArn"], objectAt(props, "accessScope"))) check(props["principalArn"], `by ${String(props["policyArn"]).split("/").pop()}`);
        } else if (args.type === T.eksAccessEntry) {
            if (listAt(props, "kubernetesGroups").includes("system:masters")) check(props["principalArn"], "through the system:masters group");
        } else {
            for (const entry of Object.values(objectAt(props, "accessEntries") ?? {}) as Record<string, any>[]) {
                for (const association of Object.values(objectAt(entry, "accessPolicies") ?? {}) as Record<string, any>[]) {
                    if (grantsClusterAdmin(association["policyArn"], objectAt(association, "accessScope"))) {
                        check(entry["principalArn"], `by ${String(association["policyArn"]).split("/").pop()}`);
                    }
                }
                if (listAt(entry, "kubernetesGroups").includes("system:masters")) check(entry["principalArn"], "through the system:masters group");
            }
        }
    },
});
