import { expect } from "chai";
import { accessPolicyFor, accessTable, buildGrants, integrationRoleArn } from "../../../components/access/grants.js";
import {
    BEARER_TOKEN_ACTION,
    ECR_PULL_ACTIONS,
    ECR_PUSH_ACTIONS,
    integrationPolicy,
    integrationTrustPolicy,
    sesIdentityArn,
} from "../../../components/access/integration-policy.js";
import { legacyBindings, legacyGroups, renderLegacyMappings } from "../../../components/access/legacy.js";
import type { AwsContext } from "../../../components/aws-context.js";
import type { AccessConfig } from "../../../stacks/schema/access.js";

const ctx: AwsContext = { accountId: "123456789012", partition: "aws", region: "eu-west-1", dnsSuffix: "amazonaws.com" };
const none = { ecrPull: [], ecrPush: [], describeCluster: false, sesSendFrom: [], bearerTokenServices: [] };

const config: AccessConfig = {
    entries: [
        { principalArn: "arn:aws:iam::123456789012:role/platform-admins", level: "admin" },
        { principalArn: "arn:aws:iam::123456789012:role/teams/payments/developers", level: "edit", namespaces: ["payments", "billing"] },
        { principalArn: "arn:aws:iam::210987654321:role/auditors", level: "view", scope: "cluster" },
        { principalArn: "arn:aws:iam::123456789012:user/ops-oncall", level: "groups", groups: ["ops:oncall"] },
    ],
    integrations: [
        { name: "vendor", trustedAccountId: "444455556666", capabilities: none, access: { level: "view", namespaces: ["vendor"] } },
        { name: "mailer", trustedAccountId: "444455556666", capabilities: none, access: { level: "none" } },
    ],
};

describe("access grants (pure)", () => {
    const grants = buildGrants(config, ctx, "eks-dev");

    it("turns every entry and every integration with Kubernetes access into one grant, in config order", () => {
        expect(grants.map((g) => [g.id, g.source, g.level])).to.deep.equal([
            ["role-123456789012-platform-admins", "access.entries[0]", "admin"],
            ["role-123456789012-developers", "access.entries[1]", "edit"],
            ["role-210987654321-auditors", "access.entries[2]", "view"],
            ["user-123456789012-ops-oncall", "access.entries[3]", "groups"],
            ["integration-vendor", "access.integrations[0]", "view"],
        ]);
    });

    it("scopes admin and groups to the cluster, edit/view as configured", () => {
        expect(grants.map((g) => g.scope)).to.deep.equal([
            { type: "cluster" },
            { type: "namespace", namespaces: ["payments", "billing"] },
            { type: "cluster" },
            { type: "cluster" },
            { type: "namespace", namespaces: ["vendor"] },
        ]);
        expect(grants[3]!.groups).to.deep.equal(["ops:oncall"]);
        expect(grants[0]!.groups).to.deep.equal([]);
    });

    it("knows an integration role's ARN before the role exists, from its explicit name", () => {
        expect(integrationRoleArn(ctx, "eks-dev", "vendor")).to.equal("arn:aws:iam::123456789012:role/eks-dev-integration-vendor");
        expect(grants[4]!.principalArn).to.equal("arn:aws:iam::123456789012:role/eks-dev-integration-vendor");
    });

    it("maps admin, edit and view to the EKS cluster-admin, edit and view access policies; groups to none", () => {
        expect(accessPolicyFor("admin")).to.equal("AmazonEKSClusterAdminPolicy");
        expect(accessPolicyFor("edit")).to.equal("AmazonEKSEditPolicy");
        expect(accessPolicyFor("view")).to.equal("AmazonEKSViewPolicy");
        expect(accessPolicyFor("groups")).to.equal(undefined);
    });

    it("tabulates who has what, cluster admins and the preview role first", () => {
        const admins = ["arn:aws:iam::123456789012:role/eks-platform-deploy/eks-platform-deploy-dev", "arn:aws:iam::123456789012:role/platform-break-glass"];
        expect(accessTable(grants, { admins, previewRoleArn: "arn:aws:iam::123456789012:role/github-preview" })).to.deep.equal([
            { principal: admins[0], level: "admin", scope: "cluster", grants: "AmazonEKSClusterAdminPolicy", source: "cluster.admins[0]" },
            { principal: admins[1], level: "admin", scope: "cluster", grants: "AmazonEKSClusterAdminPolicy", source: "cluster.admins[1]" },
            { principal: "arn:aws:iam::123456789012:role/github-preview", level: "view", scope: "cluster", grants: "AmazonEKSViewPolicy", source: "cluster.previewRole" },
            { principal: "arn:aws:iam::123456789012:role/platform-admins", level: "admin", scope: "cluster", grants: "AmazonEKSClusterAdminPolicy", source: "access.entries[0]" },
            { principal: "arn:aws:iam::123456789012:role/teams/payments/developers", level: "edit", scope: "namespaces: payments, billing", grants: "AmazonEKSEditPolicy", source: "access.entries[1]" },
            { principal: "arn:aws:iam::210987654321:role/auditors", level: "view", scope: "cluster", grants: "AmazonEKSViewPolicy", source: "access.entries[2]" },
            { principal: "arn:aws:iam::123456789012:user/ops-oncall", level: "groups", scope: "rbac", grants: "groups: ops:oncall", source: "access.entries[3]" },
            { principal: "arn:aws:iam::123456789012:role/eks-dev-integration-vendor", level: "view", scope: "namespaces: vendor", grants: "AmazonEKSViewPolicy", source: "access.integrations[0]" },
        ]);
    });

    describe("aws-auth rendering (API_AND_CONFIG_MAP)", () => {
        it("maps admin to system:masters, edit/view to per-scope groups, and groups as given", () => {
            expect(grants.map(legacyGroups)).to.deep.equal([
                ["system:masters"],
                ["eks-platform:edit:payments", "eks-platform:edit:billing"],
                ["eks-platform:view"],
                ["ops:oncall"],
                ["eks-platform:view:vendor"],
            ]);
        });

        it("renders roles without their path and with the username EKS gives access entries; users by ARN", () => {
            expect(renderLegacyMappings(grants, ctx)).to.deep.equal({
                roleMappings: [
                    {
                        roleArn: "arn:aws:iam::123456789012:role/platform-admins",
                        username: "arn:aws:sts::123456789012:assumed-role/platform-admins/{{SessionName}}",
                        groups: ["system:masters"],
                    },
                    {
                        roleArn: "arn:aws:iam::123456789012:role/developers",
                        username: "arn:aws:sts::123456789012:assumed-role/developers/{{SessionName}}",
                        groups: ["eks-platform:edit:payments", "eks-platform:edit:billing"],
                    },
                    {
                        roleArn: "arn:aws:iam::210987654321:role/auditors",
                        username: "arn:aws:sts::210987654321:assumed-role/auditors/{{SessionName}}",
                        groups: ["eks-platform:view"],
                    },
                    {
                        roleArn: "arn:aws:iam::123456789012:role/eks-dev-integration-vendor",
                        username: "arn:aws:sts::123456789012:assumed-role/eks-dev-integration-vendor/{{SessionName}}",
                        groups: ["eks-platform:view:vendor"],
                    },
                ],
                userMappings: [
                    { userArn: "arn:aws:iam::123456789012:user/ops-oncall", username: "arn:aws:iam::123456789012:user/ops-oncall", groups: ["ops:oncall"] },
                ],
            });
        });

        it("binds each edit/view group to the built-in ClusterRole once, per namespace or cluster-wide", () => {
            const twice = [...grants, { ...grants[1]!, id: "other", principalArn: "arn:aws:iam::123456789012:role/other" }];
            expect(legacyBindings(twice)).to.deep.equal([
                { id: "edit-payments", group: "eks-platform:edit:payments", clusterRole: "edit", namespace: "payments" },
                { id: "edit-billing", group: "eks-platform:edit:billing", clusterRole: "edit", namespace: "billing" },
                { id: "view", group: "eks-platform:view", clusterRole: "view" },
                { id: "view-vendor", group: "eks-platform:view:vendor", clusterRole: "view", namespace: "vendor" },
            ]);
        });
    });
});

describe("integration role documents (pure)", () => {
    it("trusts only the vendor's account, and only with the external ID", () => {
        expect(integrationTrustPolicy(ctx, "444455556666", "ext-id-1")).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "VendorWithExternalId",
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::444455556666:root" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "sts:ExternalId": "ext-id-1" } },
                },
            ],
        });
    });

    it("grants each capability on named resources; only the ECR login and bearer tokens take *", () => {
        const repo = (name: string) => `arn:aws:ecr:eu-west-1:123456789012:repository/${name}`;
        const policy = integrationPolicy({
            pullRepositoryArns: [repo("a"), repo("b")],
            pushRepositoryArns: [repo("a")],
            describeClusterArn: "arn:aws:eks:eu-west-1:123456789012:cluster/eks-dev",
            sesIdentityArns: [sesIdentityArn(ctx, "example.com")],
            bearerTokenServices: ["codeartifact.amazonaws.com"],
        });
        expect(policy).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
                { Sid: "EcrPull", Effect: "Allow", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Resource: [repo("a"), repo("b")] },
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
                    Resource: [repo("a")],
                },
                { Sid: "EksDescribeCluster", Effect: "Allow", Action: "eks:DescribeCluster", Resource: "arn:aws:eks:eu-west-1:123456789012:cluster/eks-dev" },
                { Sid: "SesSend", Effect: "Allow", Action: ["ses:SendEmail", "ses:SendRawEmail"], Resource: ["arn:aws:ses:eu-west-1:123456789012:identity/example.com"] },
                {
                    Sid: "ServiceBearerTokens",
                    Effect: "Allow",
                    Action: "sts:GetServiceBearerToken",
                    Resource: "*",
                    Condition: { StringEquals: { "sts:AWSServiceName": ["codeartifact.amazonaws.com"] } },
                },
            ],
        });
        expect(BEARER_TOKEN_ACTION).to.equal("sts:GetServiceBearerToken");
        for (const action of [...ECR_PULL_ACTIONS, ...ECR_PUSH_ACTIONS]) expect(action).to.match(/^ecr:[A-Z][A-Za-z]+$/);
    });

    it("omits the ECR login when no repository is listed, and the whole policy when nothing is", () => {
        const empty = { pullRepositoryArns: [], pushRepositoryArns: [], sesIdentityArns: [], bearerTokenServices: [] };
        expect(integrationPolicy(empty)).to.equal(undefined);
        const describeOnly = integrationPolicy({ ...empty, describeClusterArn: "arn:aws:eks:eu-west-1:123456789012:cluster/eks-dev" });
        expect((describeOnly!.Statement as { Sid: string }[]).map((s) => s.Sid)).to.deep.equal(["EksDescribeCluster"]);
    });
});
