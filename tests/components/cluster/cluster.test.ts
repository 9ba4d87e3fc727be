import { expect } from "chai";
import type * as pulumi from "@pulumi/pulumi";
import { clusterAccessTransform } from "../../../components/cluster/cluster.js";
import { buildKubeconfig } from "../../../components/cluster/kubeconfig.js";
import { ADDON_VERSIONS, DEFAULT_KUBERNETES_VERSION } from "../../../domain/versions.js";
import { runStack, type StackRun } from "../../../engine/engine.js";
import { committedRuns } from "../../stack-runs.js";
import { jsonInput, podIdentityTrust, resource, resources } from "../../helpers.js";

describe("Cluster component (both stacks under the mock engine)", () => {
    let dev: StackRun;
    let prod: StackRun;
    before(async () => ([dev, prod] = await committedRuns()));

    const eksCluster = (run: StackRun) => resource(run, "eks:index:Cluster", "cluster-eks");
    const addon = (run: StackRun, name: string) =>
        resources(run, "aws:eks/addon:Addon").find((a) => a.plainInputs["addonName"] === name) ?? expect.fail(`no ${name} add-on`);

    describe("control plane", () => {
        it("runs the pinned Kubernetes version with access entries only", () => {
            for (const run of [dev, prod]) {
                expect(eksCluster(run).plainInputs).to.include({
                    version: DEFAULT_KUBERNETES_VERSION,
                    // The component always runs in API mode; the cluster's own mode is set by the transform.
                    authenticationMode: "API",
                    skipDefaultNodeGroup: true,
                    createOidcProvider: true,
                    bootstrapSelfManagedAddons: false,
                });
            }
            expect(DEFAULT_KUBERNETES_VERSION).to.equal("1.36");
        });

        it("turns off the creator's implicit admin on the aws.eks.Cluster the component creates", async () => {
            const [transform] = eksCluster(prod).transforms;
            expect(transform, "a transform on eks:index:Cluster").to.be.a("function");
            // What @pulumi/eks registers for its child, abridged to the fields that matter.
            const child: pulumi.ResourceTransformArgs = {
                type: "aws:eks/cluster:Cluster",
                name: "cluster-eks-eksCluster",
                custom: true,
                props: { accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true }, name: "eks-prod" },
                opts: {},
            };
            const result = await transform!(child);
            expect(result?.props).to.deep.equal({
                accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
                name: "eks-prod",
            });
            const legacy = await clusterAccessTransform("API_AND_CONFIG_MAP")(child);
            expect(legacy?.props["accessConfig"]).to.deep.equal({ authenticationMode: "API_AND_CONFIG_MAP", bootstrapClusterCreatorAdminPermissions: false });
            expect(await transform!({ ...child, type: "aws:iam/role:Role" })).to.equal(undefined);
        });

        it("gives each of cluster.admins cluster admin through an access entry named after it, which the Kubernetes provider waits for", () => {
            const admins = [
                "role/eks-platform-deploy/eks-platform-deploy-prod",
                "role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef",
                "role/platform-break-glass",
            ];
            const ids = ["eks-platform-deploy-prod", "AWSReservedSSO_PlatformAdmin_0123456789abcdef", "platform-break-glass"];
            const provider = resource(prod, "pulumi:providers:kubernetes", "cluster-k8s");
            admins.forEach((admin, i) => {
                const name = `cluster-admin-role-123456789012-${ids[i]}`;
                const entry = resource(prod, "aws:eks/accessEntry:AccessEntry", name);
                expect(entry.plainInputs).to.include({ principalArn: `arn:aws:iam::123456789012:${admin}`, type: "STANDARD" });
                const association = resource(prod, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", name);
                expect(association.plainInputs).to.deep.include({
                    policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                    accessScope: { type: "cluster" },
                });
                expect(provider.dependencies).to.include(association.urn);
            });
            expect(resources(prod, "aws:eks/accessEntry:AccessEntry").filter((e) => e.name.startsWith("cluster-admin-"))).to.have.length(3);
        });

        it("encrypts secrets with a rotated customer-managed key", () => {
            const key = resource(prod, "aws:kms/key:Key", "cluster-secrets");
            expect(key.plainInputs).to.include({ enableKeyRotation: true, deletionWindowInDays: 30 });
            expect(key.plainInputs["description"]).to.equal("Envelope encryption of Kubernetes secrets in EKS cluster eks-prod");
            expect(key.protect).to.equal(true);
            expect(resource(dev, "aws:kms/key:Key", "cluster-secrets").protect).to.equal(false);
            expect(resource(prod, "aws:kms/alias:Alias", "cluster-secrets").plainInputs["name"]).to.equal("alias/eks/eks-prod/secrets");
            expect(eksCluster(prod).propertyDependencies["encryptionConfigKeyArn"]).to.deep.equal([key.urn]);
            const kms = jsonInput(resource(prod, "aws:iam/rolePolicy:RolePolicy", "cluster-service-role-kms"), "policy");
            expect(kms.Statement).to.deep.equal([
                {
                    Effect: "Allow",
                    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
                    Resource: eksCluster(prod).plainInputs["encryptionConfigKeyArn"],
                },
            ]);
        });

        it("uses a given key instead of creating one", async () => {
            const arn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-4333-8444-555555555555";
            const run = await runStack({ stack: "prod", configOverrides: { "eks-platform:cluster": { secretsKmsKeyArn: arn } } });
            // EFS and External Secrets keep their own keys; the cluster creates none.
            expect(resources(run, "aws:kms/key:Key").filter((k) => k.name.startsWith("cluster-"))).to.have.length(0);
            expect(eksCluster(run).plainInputs["encryptionConfigKeyArn"]).to.equal(arn);
        });

        it("sends all five control-plane log types to a log group it creates first, with retention", () => {
            expect(eksCluster(prod).plainInputs["enabledClusterLogTypes"]).to.deep.equal(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
            const logs = resource(prod, "aws:cloudwatch/logGroup:LogGroup", "cluster-control-plane-logs");
            expect(logs.plainInputs).to.include({ name: "/aws/eks/eks-prod/cluster", retentionInDays: 365 });
            expect(resource(dev, "aws:cloudwatch/logGroup:LogGroup", "cluster-control-plane-logs").plainInputs["retentionInDays"]).to.equal(30);
            expect(eksCluster(prod).explicitDependencies).to.include(logs.urn);
        });

        it("dev: private endpoint plus a public one limited to the allowlist", () => {
            expect(eksCluster(dev).plainInputs).to.deep.include({
                endpointPrivateAccess: true,
                endpointPublicAccess: true,
                publicAccessCidrs: ["203.0.113.0/24"],
            });
        });

        it("prod: private endpoint only, deletion protection on and the cluster protected", () => {
            expect(eksCluster(prod).plainInputs).to.include({ endpointPrivateAccess: true, endpointPublicAccess: false, deletionProtection: true });
            expect(eksCluster(prod).plainInputs).to.not.have.property("publicAccessCidrs");
            expect(eksCluster(prod).protect).to.equal(true);
            expect(eksCluster(dev).plainInputs["deletionProtection"]).to.equal(false);
        });

        it("puts the control plane in the private subnets and the Service CIDR outside the VPC", () => {
            expect(eksCluster(prod).plainInputs["privateSubnetIds"]).to.have.length(3);
            expect(eksCluster(prod).plainInputs).to.not.have.property("publicSubnetIds");
            expect(eksCluster(prod).plainInputs["kubernetesServiceIpAddressRange"]).to.equal("172.20.0.0/16");
        });
    });

    describe("add-ons", () => {
        it("pins every managed add-on version, none latest", () => {
            for (const [name, version] of Object.entries(ADDON_VERSIONS)) {
                expect(addon(prod, name).plainInputs["addonVersion"]).to.equal(version);
                expect(version).to.match(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
            }
            // The cluster's own five; the optional ones (EFS, CloudWatch) belong to their components.
            expect(resources(prod, "aws:eks/addon:Addon").filter((a) => a.name.startsWith("cluster-"))).to.have.length(5);
        });

        it("turns on prefix delegation and network policy enforcement in the VPC CNI", () => {
            expect(JSON.parse(addon(prod, "vpc-cni").plainInputs["configurationValues"] as string)).to.deep.equal({
                env: { ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET: "1" },
                enableNetworkPolicy: "true",
            });
        });

        it("creates the CNI, kube-proxy and Pod Identity agent before nodes, coredns and EBS CSI after them", () => {
            const nodeGroup = resource(prod, "aws:eks/nodeGroup:NodeGroup", "cluster-system-ng");
            for (const name of ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"]) {
                expect(nodeGroup.dependencies, name).to.include(addon(prod, name).urn);
            }
            for (const name of ["coredns", "aws-ebs-csi-driver"]) {
                expect(addon(prod, name).dependencies, name).to.include(nodeGroup.urn);
            }
            expect(JSON.parse(addon(prod, "coredns").plainInputs["configurationValues"] as string)).to.deep.equal({ replicaCount: 2 });
        });

        it("gives the VPC CNI its own role through Pod Identity, created after the Pod Identity agent", () => {
            const cni = addon(prod, "vpc-cni");
            const association = (cni.plainInputs["podIdentityAssociations"] as { roleArn: string; serviceAccount: string }[])[0]!;
            expect(association.serviceAccount).to.equal("aws-node");
            const role = resource(prod, "aws:iam/role:Role", "cluster-addons-early-vpc-cni");
            expect(cni.propertyDependencies["podIdentityAssociations"]).to.include(role.urn);
            expect(jsonInput(role, "assumeRolePolicy").Statement).to.deep.equal(podIdentityTrust("eks-prod", "kube-system", "aws-node"));
            expect(resource(prod, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "cluster-addons-early-vpc-cni").plainInputs["policyArn"]).to.equal(
                "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
            );
            expect(cni.dependencies).to.include(addon(prod, "eks-pod-identity-agent").urn);
            // No node role holds the CNI policy any more.
            const nodePolicies = resources(prod, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                .filter((a) => a.name.startsWith("cluster-system-") || a.name.startsWith("karpenter-aws-node-"))
                .map((a) => a.plainInputs["policyArn"]);
            expect(nodePolicies).to.have.length(6);
            expect(nodePolicies).to.not.include("arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy");
        });

        it("gives the EBS CSI controller its IAM through Pod Identity, scoped to its service account", () => {
            const ebs = addon(prod, "aws-ebs-csi-driver");
            const association = (ebs.plainInputs["podIdentityAssociations"] as { roleArn: string; serviceAccount: string }[])[0]!;
            expect(association.serviceAccount).to.equal("ebs-csi-controller-sa");
            const role = resource(prod, "aws:iam/role:Role", "cluster-addons-aws-ebs-csi-driver");
            expect(ebs.propertyDependencies["podIdentityAssociations"]).to.include(role.urn);
            expect(association.roleArn).to.match(/^arn:aws:iam::123456789012:role\/eks-platform\/prod\/cluster-addons-aws-ebs-csi-driver-/);
            expect(jsonInput(role, "assumeRolePolicy").Statement).to.deep.equal(podIdentityTrust("eks-prod", "kube-system", "ebs-csi-controller-sa"));
            expect(resource(prod, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "cluster-addons-aws-ebs-csi-driver").plainInputs["policyArn"]).to.equal(
                "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
            );
        });
    });

    describe("system node group", () => {
        it("boots nodes only once the private subnets can reach the internet through NAT", () => {
            const nodeGroup = resource(prod, "aws:eks/nodeGroup:NodeGroup", "cluster-system-ng");
            const natRoutes = resources(prod, "aws:ec2/route:Route").filter((r) => r.name.startsWith("network-private-"));
            expect(natRoutes).to.have.length(3);
            for (const route of natRoutes) expect(nodeGroup.dependencies).to.include(route.urn);
        });

        it("creates the node role and launch template without waiting for the control plane", () => {
            const eks = eksCluster(prod);
            for (const r of [resource(prod, "aws:iam/role:Role", "cluster-system-role"), resource(prod, "aws:ec2/launchTemplate:LaunchTemplate", "cluster-system-lt")]) {
                expect(r.dependencies, r.name).to.not.include(eks.urn);
                const parent = prod.resources.find((p) => p.urn === r.parent)!;
                expect(parent.dependencies, `${r.name}'s component`).to.deep.equal([]);
            }
        });

        it("runs AL2023 nodes in the private subnets: prod 2/2/4 on-demand, dev one spot node of two types", () => {
            const ng = resource(prod, "aws:eks/nodeGroup:NodeGroup", "cluster-system-ng");
            expect(ng.plainInputs).to.deep.include({
                amiType: "AL2023_x86_64_STANDARD",
                capacityType: "ON_DEMAND",
                instanceTypes: ["m7i.large"],
                scalingConfig: { minSize: 2, desiredSize: 2, maxSize: 4 },
                version: "1.36",
            });
            expect(ng.plainInputs["subnetIds"]).to.deep.equal(prod.outputs["privateSubnetIds"]);
            expect(resource(dev, "aws:eks/nodeGroup:NodeGroup", "cluster-system-ng").plainInputs).to.deep.include({
                capacityType: "SPOT",
                instanceTypes: ["t3.medium", "t3a.medium"],
                scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 3 },
            });
        });

        it("taints and labels the nodes so only critical add-ons land there", () => {
            const ng = resource(prod, "aws:eks/nodeGroup:NodeGroup", "cluster-system-ng");
            expect(ng.plainInputs["taints"]).to.deep.equal([{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }]);
            expect(ng.plainInputs["labels"]).to.deep.equal({ "platform.eks/node-role": "system" });
        });

        it("requires IMDSv2 with a hop limit of 1 and a gp3 root volume encrypted with the platform's EBS key", () => {
            const lt = resource(prod, "aws:ec2/launchTemplate:LaunchTemplate", "cluster-system-lt");
            expect(lt.plainInputs["metadataOptions"]).to.deep.equal({ httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
            const ebsKey = resource(prod, "aws:kms/key:Key", "keys-ebs");
            expect(lt.propertyDependencies["blockDeviceMappings"]).to.deep.equal([ebsKey.urn]);
            const [mapping] = lt.plainInputs["blockDeviceMappings"] as any[];
            expect(mapping.ebs.kmsKeyId).to.match(/^arn:aws:kms:eu-west-1:123456789012:key\/[0-9a-f-]{36}$/);
            expect(mapping).to.deep.equal({
                deviceName: "/dev/xvda",
                ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true", kmsKeyId: mapping.ebs.kmsKeyId, deleteOnTermination: "true" },
            });
        });

        it("attaches exactly the node policies a node needs", () => {
            const attached = resources(prod, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                .filter((r) => r.name.startsWith("cluster-system-"))
                .map((r) => r.plainInputs["policyArn"]);
            expect(attached).to.have.members([
                "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
                "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
            ]);
        });
    });

    describe("storage, kubeconfig and provider", () => {
        it("makes gp3 the only default StorageClass", () => {
            const gp3 = resource(prod, "kubernetes:storage.k8s.io/v1:StorageClass", "cluster-storage-gp3");
            expect(gp3.plainInputs).to.deep.include({
                provisioner: "ebs.csi.aws.com",
                parameters: { type: "gp3", encrypted: "true", fsType: "ext4" },
                volumeBindingMode: "WaitForFirstConsumer",
            });
            expect((gp3.plainInputs["metadata"] as any).annotations).to.deep.equal({ "storageclass.kubernetes.io/is-default-class": "true" });
            const gp2 = resource(prod, "kubernetes:storage.k8s.io/v1:StorageClassPatch", "cluster-storage-gp2-not-default");
            expect((gp2.plainInputs["metadata"] as any).name).to.equal("gp2");
            expect((gp2.plainInputs["metadata"] as any).annotations["storageclass.kubernetes.io/is-default-class"]).to.equal("false");
        });

        it("exports a kubeconfig that uses aws eks get-token with no profile or role", () => {
            const kubeconfig = JSON.parse(prod.outputs["kubeconfig"] as string);
            const exec = kubeconfig.users[0].user.exec;
            expect(exec.command).to.equal("aws");
            expect(exec.args).to.deep.equal(["--region", "eu-west-1", "eks", "get-token", "--cluster-name", "eks-prod", "--output", "json"]);
            expect(exec).to.not.have.property("env");
            expect(JSON.stringify(kubeconfig)).to.not.match(/profile|--role|AWS_PROFILE/);
            expect(kubeconfig.clusters[0].cluster.server).to.equal(prod.outputs["clusterEndpoint"]);
            expect(prod.outputs["updateKubeconfigCommand"]).to.equal("aws eks update-kubeconfig --region eu-west-1 --name eks-prod");
        });

        it("builds the kubeconfig from the cluster's endpoint and CA only", () => {
            const config = buildKubeconfig({ clusterName: "c", region: "r", endpoint: "https://e", certificateAuthorityData: "Q0E=" });
            expect(config.clusters).to.deep.equal([{ name: "c", cluster: { server: "https://e", "certificate-authority-data": "Q0E=" } }]);
        });

        it("creates every Kubernetes object with the cluster's provider, never the default one", () => {
            const provider = resource(prod, "pulumi:providers:kubernetes", "cluster-k8s");
            const k8sObjects = prod.resources.filter((r) => r.type.startsWith("kubernetes:"));
            expect(k8sObjects).to.not.be.empty;
            for (const r of k8sObjects) expect(r.provider, `${r.type} ${r.name}`).to.match(new RegExp(`^${provider.urn.replace(/[$]/g, "\\$")}::`));
        });
    });
});
