import { expect } from "chai";
import { parse as parseYaml } from "yaml";
import { runStack, type RecordedResource, type StackRun } from "../../../engine/engine.js";
import { committedRun } from "../../stack-runs.js";
import { PLACEHOLDER_SECRET } from "../../../stacks/config.js";
import { jsonInput, resource, resources } from "../../helpers.js";

const ACCOUNT = "123456789012";
const VENDOR_ROLE = `arn:aws:iam::${ACCOUNT}:role/eks-platform/dev/eks-dev-integration-satellite-vendor`;
const policyArn = (name: string) => `arn:aws:eks::aws:cluster-access-policy/${name}`;

/** Principals of every level, for the runs that exercise them. */
const ENTRIES = [
    { principalArn: `arn:aws:iam::${ACCOUNT}:role/platform-admins`, level: "admin" },
    { principalArn: `arn:aws:iam::${ACCOUNT}:role/teams/satellite/developers`, level: "edit", namespaces: ["satellite", "rabbitmq"] },
    { principalArn: "arn:aws:iam::210987654321:role/auditors", level: "view", scope: "cluster" },
    { principalArn: `arn:aws:iam::${ACCOUNT}:user/ops-oncall`, level: "groups", groups: ["ops:oncall"] },
];

describe("ClusterAccess component (dev, and dev in API_AND_CONFIG_MAP mode, under the mock engine)", () => {
    let dev: StackRun;
    let legacy: StackRun;
    before(async () => {
        dev = await committedRun("dev");
        const devAccess = JSON.parse(dev.config["eks-platform:access"]!) as Record<string, unknown>;
        legacy = await runStack({
            stack: "dev",
            configOverrides: {
                "eks-platform:cluster": { authenticationMode: "API_AND_CONFIG_MAP", endpoint: { publicAccessCidrs: ["203.0.113.0/24"] } },
                "eks-platform:access": { ...devAccess, entries: ENTRIES },
            },
        });
    });

    const entry = (run: StackRun, id: string) => resource(run, "aws:eks/accessEntry:AccessEntry", `access-${id}`);
    const association = (run: StackRun, id: string) => resource(run, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", `access-${id}`);

    describe("the dev integration modelled on the seed (ECR + EKS + SES)", () => {
        const role = (run: StackRun) => resource(run, "aws:iam/role:Role", "access-integration-satellite-vendor-role");

        it("has an explicit role name, so its ARN is known at plan time", () => {
            expect(role(dev).plainInputs["name"]).to.equal("eks-dev-integration-satellite-vendor");
            expect(dev.outputs["integrationRoleArns"]).to.deep.equal({ "satellite-vendor": VENDOR_ROLE });
        });

        it("trusts the vendor's account only with the external ID, which stays a secret", () => {
            expect(role(dev).inputs["assumeRolePolicy"]).to.have.property("secret", true);
            expect(jsonInput(role(dev), "assumeRolePolicy")).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "VendorWithExternalId",
                        Effect: "Allow",
                        Principal: { AWS: "arn:aws:iam::444455556666:root" },
                        Action: "sts:AssumeRole",
                        Condition: { StringEquals: { "sts:ExternalId": PLACEHOLDER_SECRET } },
                    },
                ],
            });
            // The stack file holds no external ID: offline it is a placeholder the plan lists.
            expect(dev.placeholderSecrets).to.deep.equal([
                {
                    key: "integrationExternalIds.satellite-vendor",
                    command: "pulumi config set --secret --path 'integrationExternalIds.satellite-vendor' <the external ID the vendor gave you> --stack dev",
                },
            ]);
        });

        it("may push its own image, pull the application's, describe this cluster and send as example.com: nothing more", () => {
            const repo = (name: string) => `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/${name}`;
            const policy = resource(dev, "aws:iam/rolePolicy:RolePolicy", "access-integration-satellite-vendor-permissions");
            expect(jsonInput(policy, "policy").Statement).to.deep.equal([
                { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
                {
                    Sid: "EcrPull",
                    Effect: "Allow",
                    Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                    Resource: ["satellite-eu1", "rabbitmq", "codex-install", "execution-engine", "algorithm-queue-reader"].map(repo),
                },
                {
                    Sid: "EcrPush",
                    Effect: "Allow",
                    Action: [
                        "ecr:CompleteLayerUpload",
                        "ecr:UploadLayerPart",
                        "ecr:InitiateLayerUpload",
                        "ecr:BatchCheckLayerAvailability",
                        "ecr:PutImage",
                        "ecr:BatchGetImage",
                    ],
                    Resource: [repo("satellite-eu1")],
                },
                { Sid: "EksDescribeCluster", Effect: "Allow", Action: "eks:DescribeCluster", Resource: `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/eks-dev` },
                { Sid: "SesSend", Effect: "Allow", Action: ["ses:SendEmail", "ses:SendRawEmail"], Resource: [`arn:aws:ses:eu-west-1:${ACCOUNT}:identity/example.com`] },
            ]);
            // The repositories' ARNs come from the repositories this stack creates.
            const pushed = resource(dev, "aws:ecr/repository:Repository", "registries-satellite-eu1");
            expect(policy.dependencies).to.include(pushed.urn);
        });

        it("never allows a wildcard action, nor * on an ECR or EKS action other than the ECR login", () => {
            for (const policy of resources(dev, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.name.startsWith("access-"))) {
                for (const statement of jsonInput(policy, "policy").Statement as { Action: string | string[]; Resource: string | string[] }[]) {
                    const actions = ([] as string[]).concat(statement.Action);
                    const resourcesOf = ([] as string[]).concat(statement.Resource);
                    expect(actions.filter((a) => a.includes("*"))).to.deep.equal([]);
                    if (resourcesOf.includes("*")) expect(actions).to.deep.equal(["ecr:GetAuthorizationToken"]);
                }
            }
        });

        it("views only its namespace in the cluster, through an entry made after its role", () => {
            expect(entry(dev, "integration-satellite-vendor").plainInputs).to.include({ principalArn: VENDOR_ROLE, type: "STANDARD", clusterName: "eks-dev" });
            expect(entry(dev, "integration-satellite-vendor").propertyDependencies["principalArn"]).to.deep.equal([role(dev).urn]);
            expect(association(dev, "integration-satellite-vendor").plainInputs).to.deep.include({
                policyArn: policyArn("AmazonEKSViewPolicy"),
                accessScope: { type: "namespace", namespaces: ["satellite"] },
            });
        });
    });

    describe("access entries per level", () => {
        it("admin: the cluster-admin policy at cluster scope", () => {
            expect(association(legacy, "role-123456789012-platform-admins").plainInputs).to.deep.include({
                principalArn: `arn:aws:iam::${ACCOUNT}:role/platform-admins`,
                policyArn: policyArn("AmazonEKSClusterAdminPolicy"),
                accessScope: { type: "cluster" },
            });
        });

        it("edit: the edit policy in the listed namespaces only", () => {
            expect(association(legacy, "role-123456789012-developers").plainInputs).to.deep.include({
                principalArn: `arn:aws:iam::${ACCOUNT}:role/teams/satellite/developers`,
                policyArn: policyArn("AmazonEKSEditPolicy"),
                accessScope: { type: "namespace", namespaces: ["satellite", "rabbitmq"] },
            });
        });

        it("view: the view policy cluster-wide when asked", () => {
            expect(association(legacy, "role-210987654321-auditors").plainInputs).to.deep.include({
                policyArn: policyArn("AmazonEKSViewPolicy"),
                accessScope: { type: "cluster" },
            });
        });

        it("groups: Kubernetes groups on the entry and no access policy", () => {
            expect(entry(legacy, "user-123456789012-ops-oncall").plainInputs["kubernetesGroups"]).to.deep.equal(["ops:oncall"]);
            expect(resources(legacy, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").map((a) => a.name)).to.not.include(
                "access-user-123456789012-ops-oncall",
            );
        });

        it("every entry is a STANDARD entry on this cluster, created after the cluster, and the admins' are the cluster's own", () => {
            const entries = resources(legacy, "aws:eks/accessEntry:AccessEntry").filter((e) => e.name.startsWith("access-"));
            expect(entries).to.have.length(5);
            const eksCluster = resource(legacy, "eks:index:Cluster");
            for (const e of entries) {
                expect(e.plainInputs).to.include({ type: "STANDARD", clusterName: "eks-dev" });
                expect(e.dependencies).to.include(eksCluster.urn);
                expect(e.plainInputs["principalArn"]).to.not.equal(`arn:aws:iam::${ACCOUNT}:role/eks-platform-deploy/eks-platform-deploy-dev`);
            }
        });

        it("publishes who has what, cluster admins first", () => {
            const table = legacy.outputs["clusterAccess"] as { principal: string; level: string; scope: string; grants: string }[];
            expect(table.map((r) => [r.principal.split(":").pop(), r.level, r.scope, r.grants])).to.deep.equal([
                ["role/eks-platform-deploy/eks-platform-deploy-dev", "admin", "cluster", "AmazonEKSClusterAdminPolicy"],
                ["role/platform-admins", "admin", "cluster", "AmazonEKSClusterAdminPolicy"],
                ["role/teams/satellite/developers", "edit", "namespaces: satellite, rabbitmq", "AmazonEKSEditPolicy"],
                ["role/auditors", "view", "cluster", "AmazonEKSViewPolicy"],
                ["user/ops-oncall", "groups", "rbac", "groups: ops:oncall"],
                ["role/eks-platform/dev/eks-dev-integration-satellite-vendor", "view", "namespaces: satellite", "AmazonEKSViewPolicy"],
            ]);
        });
    });

    describe("aws-auth in API_AND_CONFIG_MAP mode", () => {
        const eksCluster = (run: StackRun) => resource(run, "eks:index:Cluster", "cluster-eks");

        it("creates the cluster in API_AND_CONFIG_MAP mode while the component itself stays in API mode", async () => {
            // In a mode that reads aws-auth, @pulumi/eks would write aws-auth itself before the deployer has access.
            expect(eksCluster(legacy).plainInputs["authenticationMode"]).to.equal("API");
            expect(eksCluster(legacy).plainInputs).to.not.have.property("roleMappings");
            const [transform] = eksCluster(legacy).transforms;
            const result = await transform!({
                type: "aws:eks/cluster:Cluster",
                name: "cluster-eks-eksCluster",
                custom: true,
                props: { accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true } },
                opts: {},
            });
            expect(result?.props["accessConfig"]).to.deep.equal({ authenticationMode: "API_AND_CONFIG_MAP", bootstrapClusterCreatorAdminPermissions: false });
        });

        it("writes the same grants into aws-auth through the cluster's provider, role paths stripped", () => {
            const awsAuth = resource(legacy, "kubernetes:core/v1:ConfigMap", "access-legacy-aws-auth");
            const inputs = awsAuth.plainInputs as { metadata: { name: string; namespace: string }; data: { mapRoles: string; mapUsers: string } };
            expect(inputs.metadata).to.include({ name: "aws-auth", namespace: "kube-system" });
            expect(parseYaml(inputs.data.mapRoles)).to.deep.equal([
                {
                    rolearn: `arn:aws:iam::${ACCOUNT}:role/platform-admins`,
                    username: `arn:aws:sts::${ACCOUNT}:assumed-role/platform-admins/{{SessionName}}`,
                    groups: ["system:masters"],
                },
                {
                    rolearn: `arn:aws:iam::${ACCOUNT}:role/developers`,
                    username: `arn:aws:sts::${ACCOUNT}:assumed-role/developers/{{SessionName}}`,
                    groups: ["eks-platform:edit:satellite", "eks-platform:edit:rabbitmq"],
                },
                {
                    rolearn: "arn:aws:iam::210987654321:role/auditors",
                    username: "arn:aws:sts::210987654321:assumed-role/auditors/{{SessionName}}",
                    groups: ["eks-platform:view"],
                },
                {
                    // aws-auth cannot take the role's path (/eks-platform/dev/).
                    rolearn: `arn:aws:iam::${ACCOUNT}:role/eks-dev-integration-satellite-vendor`,
                    username: `arn:aws:sts::${ACCOUNT}:assumed-role/eks-dev-integration-satellite-vendor/{{SessionName}}`,
                    groups: ["eks-platform:view:satellite"],
                },
            ]);
            expect(parseYaml(inputs.data.mapUsers)).to.deep.equal([
                { userarn: `arn:aws:iam::${ACCOUNT}:user/ops-oncall`, username: `arn:aws:iam::${ACCOUNT}:user/ops-oncall`, groups: ["ops:oncall"] },
            ]);
            const provider = resource(legacy, "pulumi:providers:kubernetes", "cluster-k8s");
            expect(awsAuth.provider?.startsWith(`${provider.urn}::`)).to.equal(true);
        });

        it("binds the edit/view groups to the built-in ClusterRoles through the cluster's provider", () => {
            const provider = resource(legacy, "pulumi:providers:kubernetes", "cluster-k8s");
            const bindings = [
                ...resources(legacy, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"),
                ...resources(legacy, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"),
            ].filter((b) => b.name.startsWith("access-legacy-"));
            const summary = (b: RecordedResource) => {
                const inputs = b.plainInputs as { metadata: { namespace?: string }; roleRef: { name: string }; subjects: { kind: string; name: string }[] };
                return [inputs.metadata.namespace ?? "(cluster)", inputs.roleRef.name, inputs.subjects.map((s) => `${s.kind}:${s.name}`).join()];
            };
            expect(bindings.map(summary)).to.have.deep.members([
                ["satellite", "edit", "Group:eks-platform:edit:satellite"],
                ["rabbitmq", "edit", "Group:eks-platform:edit:rabbitmq"],
                ["(cluster)", "view", "Group:eks-platform:view"],
                ["satellite", "view", "Group:eks-platform:view:satellite"],
            ]);
            for (const b of bindings) expect(b.provider?.startsWith(`${provider.urn}::`)).to.equal(true);
        });

        it("creates every namespace it binds into, before the bindings, and keeps it on delete (a brand-new cluster has none)", () => {
            const namespaces = resources(legacy, "kubernetes:core/v1:Namespace").filter((n) => n.name.startsWith("access-legacy-"));
            expect(namespaces.map((n) => (n.plainInputs["metadata"] as { name: string }).name)).to.have.members(["satellite", "rabbitmq"]);
            for (const n of namespaces) expect(n.retainOnDelete, n.name).to.equal(true);
            for (const b of resources(legacy, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").filter((r) => r.name.startsWith("access-legacy-"))) {
                const ns = (b.plainInputs["metadata"] as { namespace: string }).namespace;
                expect(b.dependencies, b.name).to.include(namespaces.find((n) => (n.plainInputs["metadata"] as { name: string }).name === ns)!.urn);
            }
        });

        it("in API mode, scopes namespaced access by the access policy alone: EKS needs no namespace to exist, none is created", () => {
            expect(association(dev, "integration-satellite-vendor").plainInputs["accessScope"]).to.deep.equal({ type: "namespace", namespaces: ["satellite"] });
            expect(resources(dev, "kubernetes:core/v1:Namespace").filter((n) => n.name.startsWith("access-"))).to.deep.equal([]);
        });

        it("renders no aws-auth and no bindings in API mode", () => {
            expect(resources(dev, "kubernetes:core/v1:ConfigMap").filter((c) => (c.plainInputs["metadata"] as { name: string }).name === "aws-auth")).to.deep.equal([]);
            expect(dev.resources.filter((r) => r.name.startsWith("access-legacy"))).to.deep.equal([]);
        });
    });

    it("refuses an access entry for a cluster admin before creating anything, naming the entry", async () => {
        try {
            await runStack({
                stack: "dev",
                configOverrides: {
                    "eks-platform:access": { entries: [{ principalArn: `arn:aws:iam::${ACCOUNT}:role/platform-break-glass`, level: "view", scope: "cluster" }] },
                },
            });
            expect.fail("expected the run to fail");
        } catch (err) {
            expect((err as Error).message).to.contain(
                `access.entries[0].principalArn: arn:aws:iam::${ACCOUNT}:role/platform-break-glass is cluster.admins[2], which already has its access entry (EKS allows one per principal); remove this entry`,
            );
        }
    });
});
