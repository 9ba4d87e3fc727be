import { expect } from "chai";
import { awsEksAddonPinVersion } from "../../../policies/aws/rules/eks/addon-pin-version.js";
import { awsEksClusterAdminAllowlist } from "../../../policies/aws/rules/eks/cluster-admin-allowlist.js";
import { awsEksClusterAllowedVersion } from "../../../policies/aws/rules/eks/cluster-allowed-version.js";
import { awsEksClusterEnableControlPlaneLogs } from "../../../policies/aws/rules/eks/cluster-enable-control-plane-logs.js";
import { awsEksClusterEnableDeletionProtection } from "../../../policies/aws/rules/eks/cluster-enable-deletion-protection.js";
import { awsEksClusterEnablePrivateEndpoint } from "../../../policies/aws/rules/eks/cluster-enable-private-endpoint.js";
import { awsEksClusterNoCreatorAdminBootstrap } from "../../../policies/aws/rules/eks/cluster-no-creator-admin-bootstrap.js";
import { awsEksClusterRequireSecretsEncryption } from "../../../policies/aws/rules/eks/cluster-require-secrets-encryption.js";
import { awsEksClusterRestrictPublicEndpoint } from "../../../policies/aws/rules/eks/cluster-restrict-public-endpoint.js";
import { awsEksClusterUseAccessEntries } from "../../../policies/aws/rules/eks/cluster-use-access-entries.js";
import { awsEksNodeGroupRestrictSsh } from "../../../policies/aws/rules/eks/node-group-restrict-ssh.js";
import { mutate, previewMessage, UNKNOWN, violations } from "../helpers.js";

const COMPONENT = "eks:index:Cluster";
const CLUSTER = "aws:eks/cluster:Cluster";
const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-0000-4000-8000-0a1b2c3d4e5f";
const LOGS = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/** The eks.Cluster component's inputs as the Cluster component passes them. */
const component = {
    version: "1.36",
    authenticationMode: "API",
    endpointPrivateAccess: true,
    endpointPublicAccess: true,
    publicAccessCidrs: ["203.0.113.0/24"],
    encryptionConfigKeyArn: KEY_ARN,
    enabledClusterLogTypes: LOGS,
    deletionProtection: true,
};

/** The aws.eks.Cluster the component creates, as a real preview shows it. */
const cluster = {
    version: "1.36",
    accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
    vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: false, subnetIds: [UNKNOWN, UNKNOWN] },
    encryptionConfig: { provider: { keyArn: KEY_ARN }, resources: ["secrets"] },
    enabledClusterLogTypes: LOGS,
    deletionProtection: true,
};

const clusterRules = [
    awsEksClusterRestrictPublicEndpoint,
    awsEksClusterEnablePrivateEndpoint,
    awsEksClusterRequireSecretsEncryption,
    awsEksClusterEnableControlPlaneLogs,
    awsEksClusterUseAccessEntries,
    awsEksClusterAllowedVersion,
    awsEksClusterEnableDeletionProtection,
];

describe("EKS cluster rules", () => {
    it("pass the compliant component inputs and aws.eks.Cluster", async () => {
        for (const rule of clusterRules) {
            expect(await violations(rule, COMPONENT, component), rule.name).to.deep.equal([]);
            expect(await violations(rule, CLUSTER, cluster), rule.name).to.deep.equal([]);
        }
        expect(await violations(awsEksClusterNoCreatorAdminBootstrap, CLUSTER, cluster)).to.deep.equal([]);
    });

    describe("aws-eks-cluster-restrict-public-endpoint", () => {
        const rule = awsEksClusterRestrictPublicEndpoint;
        it("rejects a public endpoint without an allowlist", async () => {
            expect(await violations(rule, COMPONENT, mutate(component, "publicAccessCidrs", undefined))).to.deep.equal([
                "The public API endpoint is open to 0.0.0.0/0 (no publicAccessCidrs): list your office/VPN CIDRs in publicAccessCidrs or turn the public endpoint off.",
            ]);
        });
        it("rejects 0.0.0.0/0 in the allowlist", async () => {
            expect(await violations(rule, COMPONENT, mutate(component, "publicAccessCidrs", ["203.0.113.0/24", "0.0.0.0/0"]))).to.deep.equal([
                "The public API endpoint allows 0.0.0.0/0: replace it in publicAccessCidrs with your office/VPN CIDRs or turn the public endpoint off.",
            ]);
        });
        it("treats an aws.eks.Cluster without endpointPublicAccess as public (the EKS default)", async () => {
            expect(await violations(rule, CLUSTER, mutate(cluster, "vpcConfig.endpointPublicAccess", undefined))).to.deep.equal([
                "The public API endpoint is open to 0.0.0.0/0 (no vpcConfig.publicAccessCidrs): list your office/VPN CIDRs in vpcConfig.publicAccessCidrs or turn the public endpoint off.",
            ]);
        });
    });

    it("aws-eks-cluster-enable-private-endpoint rejects a cluster without private access", async () => {
        expect(await violations(awsEksClusterEnablePrivateEndpoint, COMPONENT, mutate(component, "endpointPrivateAccess", false))).to.deep.equal([
            "The private API endpoint is off: set endpointPrivateAccess to true so node and pod traffic to the API server stays in the VPC.",
        ]);
        expect(await violations(awsEksClusterEnablePrivateEndpoint, CLUSTER, mutate(cluster, "vpcConfig.endpointPrivateAccess", undefined))).to.deep.equal([
            "The private API endpoint is off: set vpcConfig.endpointPrivateAccess to true so node and pod traffic to the API server stays in the VPC.",
        ]);
    });

    describe("aws-eks-cluster-require-secrets-encryption", () => {
        const rule = awsEksClusterRequireSecretsEncryption;
        it("rejects a cluster without a secrets key", async () => {
            expect(await violations(rule, COMPONENT, mutate(component, "encryptionConfigKeyArn", undefined))).to.deep.equal([
                "Secrets are not encrypted with a KMS key: set encryptionConfigKeyArn to the ARN of a customer-managed KMS key.",
            ]);
            expect(await violations(rule, CLUSTER, mutate(cluster, "encryptionConfig", undefined))).to.deep.equal([
                "Secrets are not encrypted with a KMS key: set encryptionConfig.provider.keyArn to the ARN of a customer-managed KMS key.",
            ]);
        });
        it("rejects an alias ARN", async () => {
            expect(await violations(rule, COMPONENT, mutate(component, "encryptionConfigKeyArn", "arn:aws:kms:eu-west-1:123456789012:alias/eks"))).to.deep.equal([
                'encryptionConfigKeyArn "arn:aws:kms:eu-west-1:123456789012:alias/eks" is not a KMS key ARN: use arn:aws:kms:<region>:<account>:key/<key-id> (an alias ARN is not accepted).',
            ]);
        });
        it("rejects encryption that does not cover secrets", async () => {
            expect(await violations(rule, CLUSTER, mutate(cluster, "encryptionConfig.resources", []))).to.deep.equal([
                'encryptionConfig.resources does not include "secrets": set it to ["secrets"].',
            ]);
        });
        it("passes during a first preview when the key ARN is not known yet, and still catches a missing key", async () => {
            expect(await violations(rule, COMPONENT, mutate(component, "encryptionConfigKeyArn", UNKNOWN))).to.deep.equal([]);
            expect(await violations(rule, CLUSTER, mutate(cluster, "encryptionConfig.provider.keyArn", UNKNOWN))).to.deep.equal([]);
            expect(await violations(rule, COMPONENT, mutate(component, "encryptionConfigKeyArn", ""))).to.have.length(1);
        });
    });

    it("aws-eks-cluster-enable-control-plane-logs names the log types that are off", async () => {
        expect(await violations(awsEksClusterEnableControlPlaneLogs, COMPONENT, mutate(component, "enabledClusterLogTypes", ["api", "audit"]))).to.deep.equal([
            'Control-plane logs authenticator, controllerManager, scheduler are off: set enabledClusterLogTypes to ["api","audit","authenticator","controllerManager","scheduler"].',
        ]);
        expect(await violations(awsEksClusterEnableControlPlaneLogs, CLUSTER, mutate(cluster, "enabledClusterLogTypes", undefined))).to.have.length(1);
    });

    it("aws-eks-cluster-enable-control-plane-logs cannot judge an unknown list during preview and says so", async () => {
        const found = await violations(awsEksClusterEnableControlPlaneLogs, COMPONENT, mutate(component, "enabledClusterLogTypes", UNKNOWN));
        expect(found).to.deep.equal([previewMessage(awsEksClusterEnableControlPlaneLogs, "enabledClusterLogTypes")]);
    });

    describe("aws-eks-cluster-use-access-entries", () => {
        const rule = awsEksClusterUseAccessEntries;
        it("rejects a cluster with no authentication mode (aws-auth only)", async () => {
            expect(await violations(rule, CLUSTER, mutate(cluster, "accessConfig", undefined))).to.deep.equal([
                'No authentication mode is set, so EKS uses the aws-auth ConfigMap: set accessConfig.authenticationMode to "API".',
            ]);
        });
        it("rejects CONFIG_MAP and accepts API_AND_CONFIG_MAP by default", async () => {
            expect(await violations(rule, COMPONENT, mutate(component, "authenticationMode", "CONFIG_MAP"))).to.deep.equal([
                "Authentication mode CONFIG_MAP is not allowed: set authenticationMode to one of API, API_AND_CONFIG_MAP.",
            ]);
            expect(await violations(rule, COMPONENT, mutate(component, "authenticationMode", "API_AND_CONFIG_MAP"))).to.deep.equal([]);
        });
        it("follows the configured list of modes", async () => {
            expect(await violations(rule, COMPONENT, mutate(component, "authenticationMode", "API_AND_CONFIG_MAP"), { allowedAuthenticationModes: ["API"] })).to.deep.equal([
                "Authentication mode API_AND_CONFIG_MAP is not allowed: set authenticationMode to one of API.",
            ]);
        });
    });

    it("aws-eks-cluster-no-creator-admin-bootstrap rejects the EKS default of making the creator admin", async () => {
        const expected = [
            "The cluster creator gets cluster-admin through a hidden access entry: set accessConfig.bootstrapClusterCreatorAdminPermissions to false and grant admins with access entries.",
        ];
        expect(await violations(awsEksClusterNoCreatorAdminBootstrap, CLUSTER, mutate(cluster, "accessConfig.bootstrapClusterCreatorAdminPermissions", undefined))).to.deep.equal(expected);
        expect(await violations(awsEksClusterNoCreatorAdminBootstrap, CLUSTER, mutate(cluster, "accessConfig.bootstrapClusterCreatorAdminPermissions", true))).to.deep.equal(expected);
    });

    describe("aws-eks-cluster-allowed-version", () => {
        const rule = awsEksClusterAllowedVersion;
        it("rejects a cluster without a pinned version", async () => {
            expect(await violations(rule, COMPONENT, mutate(component, "version", undefined))).to.deep.equal([
                "No Kubernetes version is pinned, so EKS picks its newest: set version to one of 1.34, 1.35, 1.36.",
            ]);
        });
        it("rejects a version outside the configured list", async () => {
            expect(await violations(rule, CLUSTER, mutate(cluster, "version", "1.33"))).to.deep.equal(["Kubernetes 1.33 is not allowed: set version to one of 1.34, 1.35, 1.36."]);
            expect(await violations(rule, CLUSTER, cluster, { allowedVersions: ["1.35"] })).to.deep.equal(["Kubernetes 1.36 is not allowed: set version to one of 1.35."]);
        });
    });

    it("aws-eks-cluster-enable-deletion-protection rejects an unprotected cluster", async () => {
        expect(await violations(awsEksClusterEnableDeletionProtection, COMPONENT, mutate(component, "deletionProtection", false))).to.deep.equal([
            "Deletion protection is off: set deletionProtection to true (cluster.deletionProtection in the stack config).",
        ]);
    });
});

describe("EKS node group, add-on and access rules", () => {
    const nodeGroup = { clusterName: "eks-prod", remoteAccess: { ec2SshKey: "ops", sourceSecurityGroupIds: ["sg-0123456789abcdef0"] } };

    it("aws-eks-node-group-restrict-ssh passes a key limited to security groups and a group without SSH", async () => {
        expect(await violations(awsEksNodeGroupRestrictSsh, "aws:eks/nodeGroup:NodeGroup", nodeGroup)).to.deep.equal([]);
        expect(await violations(awsEksNodeGroupRestrictSsh, "aws:eks/nodeGroup:NodeGroup", { clusterName: "eks-prod" })).to.deep.equal([]);
    });

    it("aws-eks-node-group-restrict-ssh rejects an SSH key open to the world", async () => {
        expect(await violations(awsEksNodeGroupRestrictSsh, "aws:eks/nodeGroup:NodeGroup", mutate(nodeGroup, "remoteAccess.sourceSecurityGroupIds", undefined))).to.deep.equal([
            "remoteAccess.ec2SshKey is set without remoteAccess.sourceSecurityGroupIds, which opens SSH to 0.0.0.0/0: list the bastion's security groups, or drop the key and use SSM Session Manager.",
        ]);
    });

    it("aws-eks-addon-pin-version accepts a version resolved at preview time and rejects none", async () => {
        const addon = { addonName: "coredns", clusterName: "eks-prod", addonVersion: "v1.14.3-eksbuild.23" };
        expect(await violations(awsEksAddonPinVersion, "aws:eks/addon:Addon", addon)).to.deep.equal([]);
        expect(await violations(awsEksAddonPinVersion, "aws:eks/addon:Addon", mutate(addon, "addonVersion", UNKNOWN))).to.deep.equal([]);
        expect(await violations(awsEksAddonPinVersion, "aws:eks/addon:Addon", mutate(addon, "addonVersion", undefined))).to.deep.equal([
            "Add-on coredns has no addonVersion, so EKS installs its default: pin addonVersion (domain/versions.ts).",
        ]);
    });

    describe("aws-eks-cluster-admin-allowlist", () => {
        const rule = awsEksClusterAdminAllowlist;
        const association = {
            clusterName: "eks-prod",
            principalArn: "arn:aws:iam::123456789012:role/platform-deployer",
            policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            accessScope: { type: "cluster" },
        };
        const config = { clusterAdminPrincipals: ["arn:aws:iam::*:role/platform-deployer"] };

        it("reads cluster.admins as written: a full ARN with an Identity Center path, or role/<name> in any account", async () => {
            const sso = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef";
            const admins = { clusterAdminPrincipals: [sso, "role/eks-platform-deploy-prod"] };
            const as = (principalArn: string) => violations(rule, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", mutate(association, "principalArn", principalArn), admins);
            expect(await as(sso)).to.deep.equal([]);
            expect(await as("arn:aws:iam::444455556666:role/eks-platform-deploy-prod")).to.deep.equal([]);
            expect(await as("arn:aws:iam::111122223333:role/AWSReservedSSO_PlatformAdmin_0123456789abcdef")).to.have.length(1);
            expect(await as("arn:aws:iam::444455556666:role/other/eks-platform-deploy-prod")).to.have.length(1);
        });

        it("passes an allowlisted admin and non-admin grants", async () => {
            expect(await violations(rule, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", association, config)).to.deep.equal([]);
            const view = mutate(association, "policyArn", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy");
            expect(await violations(rule, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", mutate(view, "principalArn", "arn:aws:iam::123456789012:role/dev"), config)).to.deep.equal([]);
        });

        it("rejects cluster admin for a principal that is not listed", async () => {
            expect(
                await violations(rule, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", mutate(association, "principalArn", "arn:aws:iam::123456789012:role/dev"), config),
            ).to.deep.equal([
                "arn:aws:iam::123456789012:role/dev is made cluster admin by AmazonEKSClusterAdminPolicy but is not an allowed cluster admin: grant it a narrower policy (AmazonEKSAdminPolicy or AmazonEKSViewPolicy scoped to namespaces), or add it to cluster.admins in Pulumi.<stack>.yaml.",
            ]);
        });

        it("counts AmazonEKSAdminPolicy at cluster scope and system:masters as cluster admin", async () => {
            const admin = mutate(association, "policyArn", "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy");
            expect(await violations(rule, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", admin)).to.have.length(1);
            expect(await violations(rule, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", mutate(admin, "accessScope", { type: "namespace", namespaces: ["team-a"] }))).to.deep.equal([]);
            const entry = { clusterName: "eks-prod", principalArn: "arn:aws:iam::123456789012:role/dev", kubernetesGroups: ["system:masters"] };
            expect(await violations(rule, "aws:eks/accessEntry:AccessEntry", entry)).to.deep.equal([
                "arn:aws:iam::123456789012:role/dev is made cluster admin through the system:masters group but is not an allowed cluster admin: grant it a narrower policy (AmazonEKSAdminPolicy or AmazonEKSViewPolicy scoped to namespaces), or add it to cluster.admins in Pulumi.<stack>.yaml.",
            ]);
        });

        it("checks access entries given to the eks.Cluster component", async () => {
            const accessEntries = { ops: { principalArn: "arn:aws:iam::123456789012:role/ops", accessPolicies: { admin: { policyArn: association.policyArn, accessScope: { type: "cluster" } } } } };
            expect(await violations(rule, COMPONENT, { ...component, accessEntries }, config)).to.have.length(1);
        });

        it("cannot judge a principal ARN that is unknown during preview and says so", async () => {
            expect(await violations(rule, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", mutate(association, "principalArn", UNKNOWN), config)).to.deep.equal([
                previewMessage(rule, "principalArn"),
            ]);
        });
    });
});
