import { expect } from "chai";
import { efsStorageClassParameters, NFS_PORT } from "../../../components/storage/efs-objects.js";
import { externalSecretsValues } from "../../../components/secrets/external-secrets-objects.js";
import { reloaderValues } from "../../../components/cluster-services/reloader-values.js";
import { ADDON_MATRIX } from "../../../domain/addon-matrix.js";
import { EXTERNAL_SECRETS_CHART, KUBERNETES_VERSIONS, RELOADER_CHART } from "../../../domain/versions.js";
import { runStack, type RecordedResource, type StackRun } from "../../../engine/engine.js";
import { committedRuns } from "../../stack-runs.js";
import { dependsOnTransitively } from "../../graph.js";
import { jsonInput, podIdentityTrust, resource, resources } from "../../helpers.js";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const ADDON = "aws:eks/addon:Addon";
const CUSTOM = "kubernetes:external-secrets.io/v1:ExternalSecret";
const STORE = "kubernetes:external-secrets.io/v1:ClusterSecretStore";

/**
 * Key paths of each chart's values.yaml this platform sets: external-secrets
 * `deploy/charts/external-secrets/values.yaml` at tag helm-chart-2.9.0, stakater/Reloader
 * `deployments/kubernetes/chart/reloader/values.yaml` at chart-v2.2.16 (`podDisruptionBudget.minAvailable`
 * is commented there and read by templates/poddisruptionbudget.yaml). Both value sets, merged onto
 * the chart defaults, also pass each chart's values.schema.json at those tags.
 */
const CHART_KEYS = {
    externalSecrets: ["installCRDs", "leaderElect", "serviceAccount.create", "serviceAccount.name"].concat(
        ...["", "webhook.", "certController."].map((p) =>
            ["replicaCount", "affinity", "topologySpreadConstraints", "podDisruptionBudget.enabled", "podDisruptionBudget.minAvailable", "resources"].map((k) => p + k),
        ),
    ),
    reloader: [
        "reloader.watchGlobally",
        "reloader.readOnlyRootFileSystem",
        "reloader.enableHA",
        "reloader.podDisruptionBudget.enabled",
        "reloader.podDisruptionBudget.minAvailable",
        "reloader.deployment.replicas",
        "reloader.deployment.affinity",
        "reloader.deployment.securityContext",
        "reloader.deployment.containerSecurityContext",
        "reloader.deployment.resources",
    ],
};
const OPAQUE = new Set(["affinity", "topologySpreadConstraints", "resources", "securityContext", "containerSecurityContext"]);
function keyPaths(value: unknown, prefix = ""): string[] {
    if (OPAQUE.has(prefix.split(".").pop()!) || value === null || typeof value !== "object" || Array.isArray(value)) return [prefix];
    return Object.entries(value).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
}

const addonNamed = (run: StackRun, name: string) => resources(run, ADDON).find((a) => a.plainInputs["addonName"] === name);

describe("storage, secrets, observability and Reloader", () => {
    describe("pure builders", () => {
        it("chart values use only keys the charts define", () => {
            expect(keyPaths(externalSecretsValues(2))).to.have.members(CHART_KEYS.externalSecrets);
            expect(keyPaths(reloaderValues(2))).to.have.members(CHART_KEYS.reloader);
        });

        it("the efs class provisions access points (docs/parameters.md at v3.4.1)", () => {
            expect(efsStorageClassParameters("fs-1")).to.deep.equal({
                provisioningMode: "efs-ap",
                fileSystemId: "fs-1",
                directoryPerms: "700",
                basePath: "/dynamic",
                subPathPattern: "${.PVC.namespace}/${.PVC.name}",
                ensureUniqueDirectory: "true",
            });
        });

        it("pins the versions", () => {
            for (const version of KUBERNETES_VERSIONS) {
                expect(ADDON_MATRIX[version]["aws-efs-csi-driver"].pinned, version).to.equal("v3.4.1-eksbuild.1");
                expect(ADDON_MATRIX[version]["amazon-cloudwatch-observability"].pinned, version).to.equal("v6.4.0-eksbuild.1");
            }
            expect(EXTERNAL_SECRETS_CHART).to.deep.equal({ repo: "https://charts.external-secrets.io", chart: "external-secrets", version: "2.9.0" });
            expect(RELOADER_CHART).to.deep.equal({ repo: "https://stakater.github.io/stakater-charts", chart: "reloader", version: "2.2.16" });
        });
    });

    describe("under the mock engine", () => {
        let dev: StackRun;
        let prod: StackRun;
        before(async () => ([dev, prod] = await committedRuns()));

        describe("EFS", () => {
            it("encrypts the file system with its own rotated key, moves cold files to IA, and protects both in prod", () => {
                for (const run of [dev, prod]) {
                    const key = resource(run, "aws:kms/key:Key", "efs-key");
                    expect(key.plainInputs["enableKeyRotation"]).to.equal(true);
                    const fs = resource(run, "aws:efs/fileSystem:FileSystem", "efs-fs");
                    expect(fs.plainInputs).to.deep.include({ encrypted: true, throughputMode: "elastic", performanceMode: "generalPurpose" });
                    expect(fs.propertyDependencies["kmsKeyId"]).to.deep.equal([key.urn]);
                    expect(fs.plainInputs["lifecyclePolicies"]).to.deep.equal([{ transitionToIa: "AFTER_30_DAYS" }, { transitionToPrimaryStorageClass: "AFTER_1_ACCESS" }]);
                }
                expect(resource(prod, "aws:efs/fileSystem:FileSystem", "efs-fs").protect).to.equal(true);
                expect(resource(prod, "aws:kms/key:Key", "efs-key").protect).to.equal(true);
                expect(resource(dev, "aws:efs/fileSystem:FileSystem", "efs-fs").protect).to.equal(false);
            });

            it("backs up prod, not dev", () => {
                expect(resource(prod, "aws:efs/backupPolicy:BackupPolicy", "efs-backup").plainInputs["backupPolicy"]).to.deep.equal({ status: "ENABLED" });
                expect(resource(dev, "aws:efs/backupPolicy:BackupPolicy", "efs-backup").plainInputs["backupPolicy"]).to.deep.equal({ status: "DISABLED" });
            });

            it("puts a mount target in each private subnet, behind a group that admits NFS from the cluster security group only", () => {
                const targets = resources(prod, "aws:efs/mountTarget:MountTarget");
                expect(targets).to.have.length(3);
                expect(new Set(targets.map((t) => t.plainInputs["subnetId"]))).to.have.property("size", 3);
                const group = resource(prod, "aws:ec2/securityGroup:SecurityGroup", "efs-nfs");
                for (const t of targets) expect(t.propertyDependencies["securityGroups"]).to.deep.equal([group.urn]);
                const rules = resources(prod, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.name.startsWith("efs-"));
                expect(rules).to.have.length(1);
                expect(rules[0]!.plainInputs).to.deep.include({
                    ipProtocol: "tcp",
                    fromPort: 2049,
                    toPort: 2049,
                    description: "NFS from the cluster's nodes (system node group and Karpenter)",
                });
                expect(rules[0]!.plainInputs).to.not.have.property("cidrIpv4");
                expect(rules[0]!.propertyDependencies["securityGroupId"]).to.deep.equal([group.urn]);
                expect(NFS_PORT).to.equal(2049);
                expect(rules[0]!.propertyDependencies["referencedSecurityGroupId"]).to.deep.equal([resource(prod, "eks:index:Cluster", "cluster-eks").urn]);
            });

            it("installs the pinned CSI add-on with AmazonEFSCSIDriverPolicy through the add-on's Pod Identity association", () => {
                const addon = addonNamed(prod, "aws-efs-csi-driver")!;
                expect(addon.plainInputs["addonVersion"]).to.equal("v3.4.1-eksbuild.1");
                const role = resource(prod, "aws:iam/role:Role", "efs-csi-addon-aws-efs-csi-driver");
                expect(jsonInput(role, "assumeRolePolicy").Statement).to.deep.equal(podIdentityTrust("eks-prod", "kube-system", "efs-csi-controller-sa"));
                const attachment = resource(prod, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "efs-csi-addon-aws-efs-csi-driver");
                expect(attachment.plainInputs["policyArn"]).to.equal("arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy");
                expect((addon.plainInputs["podIdentityAssociations"] as any[])[0].serviceAccount).to.equal("efs-csi-controller-sa");
                expect(addon.explicitDependencies).to.include.members([attachment.urn, resource(prod, "aws:eks/nodeGroup:NodeGroup", "cluster-system-ng").urn]);
            });

            it("adds an `efs` class that is not the default; gp3 stays the default", () => {
                const efs = resource(prod, "kubernetes:storage.k8s.io/v1:StorageClass", "efs-csi-class");
                expect(efs.plainInputs).to.deep.include({ provisioner: "efs.csi.aws.com", volumeBindingMode: "Immediate", reclaimPolicy: "Delete" });
                expect((efs.plainInputs["metadata"] as any).annotations).to.equal(undefined);
                expect((efs.plainInputs["parameters"] as any).provisioningMode).to.equal("efs-ap");
                expect(efs.propertyDependencies["parameters"]).to.deep.equal([resource(prod, "aws:efs/fileSystem:FileSystem", "efs-fs").urn]);
                expect((resource(prod, "kubernetes:storage.k8s.io/v1:StorageClass", "cluster-storage-gp3").plainInputs["metadata"] as any).annotations).to.deep.equal({
                    "storageclass.kubernetes.io/is-default-class": "true",
                });
            });

            it("dev proves the wiring: a ReadWriteMany claim mounted by two pods on different nodes; prod has no example", () => {
                const claim = resource(dev, "kubernetes:core/v1:PersistentVolumeClaim", "efs-csi-example-claim");
                expect((claim.plainInputs["spec"] as any)).to.deep.include({ accessModes: ["ReadWriteMany"], storageClassName: "efs" });
                const deployment = resource(dev, "kubernetes:apps/v1:Deployment", "efs-csi-example").plainInputs["spec"] as any;
                expect(deployment.replicas).to.equal(2);
                expect(deployment.template.spec.volumes).to.deep.equal([{ name: "shared", persistentVolumeClaim: { claimName: "shared" } }]);
                expect(deployment.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).to.equal("kubernetes.io/hostname");
                expect(resources(prod, "kubernetes:core/v1:PersistentVolumeClaim")).to.have.length(0);
            });

            it("tears down claims before the CSI driver and the mount targets, and mount targets before the subnets", () => {
                const claim = resource(dev, "kubernetes:core/v1:PersistentVolumeClaim", "efs-csi-example-claim");
                expect(dependsOnTransitively(dev, claim, addonNamed(dev, "aws-efs-csi-driver")!)).to.equal(true);
                const vpc = resource(dev, "awsx:ec2:Vpc", "network-vpc");
                for (const target of resources(dev, "aws:efs/mountTarget:MountTarget")) {
                    expect(dependsOnTransitively(dev, claim, target)).to.equal(true);
                    expect(dependsOnTransitively(dev, target, vpc)).to.equal(true);
                }
            });
        });

        describe("External Secrets", () => {
            it("installs the pinned chart on Karpenter's nodes with two replicas of each component and leader election", () => {
                for (const run of [dev, prod]) {
                    const release = resource(run, RELEASE, "external-secrets-chart");
                    expect(release.plainInputs).to.deep.include({
                        chart: "external-secrets",
                        version: "2.9.0",
                        namespace: "external-secrets",
                        repositoryOpts: { repo: "https://charts.external-secrets.io" },
                    });
                    const values = release.plainInputs["values"] as any;
                    expect(values).to.deep.include({ installCRDs: true, leaderElect: true, replicaCount: 2, serviceAccount: { create: true, name: "external-secrets" } });
                    for (const c of [values, values.webhook, values.certController]) {
                        expect(c.replicaCount).to.equal(2);
                        expect(c.podDisruptionBudget).to.deep.equal({ enabled: true, minAvailable: 1 });
                        expect(c.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions).to.deep.equal([
                            { key: "karpenter.sh/nodepool", operator: "Exists" },
                        ]);
                    }
                    for (const pool of resources(run, "kubernetes:karpenter.sh/v1:NodePool")) expect(release.explicitDependencies).to.include(pool.urn);
                }
            });

            it("reads only the cluster's prefix, statement by statement, through a Pod Identity role of its one service account", () => {
                const role = resource(prod, "aws:iam/role:Role", "external-secrets-aws-role");
                expect(jsonInput(role, "assumeRolePolicy").Statement).to.deep.equal(podIdentityTrust("eks-prod", "external-secrets", "external-secrets"));
                const key = resource(prod, "aws:kms/key:Key", "keys-secretsmanager");
                const policy = resource(prod, "aws:iam/rolePolicy:RolePolicy", "external-secrets-aws-read");
                expect(jsonInput(policy, "policy").Statement).to.deep.equal([
                    { Sid: "ReadClusterParameters", Effect: "Allow", Action: ["ssm:GetParameter*"], Resource: "arn:aws:ssm:eu-west-1:123456789012:parameter/eks-prod/*" },
                    {
                        Sid: "ReadClusterSecrets",
                        Effect: "Allow",
                        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                        Resource: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:eks-prod/*",
                    },
                    {
                        Sid: "DecryptThroughSsmAndSecretsManager",
                        Effect: "Allow",
                        Action: ["kms:Decrypt"],
                        Resource: jsonInput(policy, "policy").Statement[2].Resource,
                        Condition: { StringEquals: { "kms:ViaService": ["ssm.eu-west-1.amazonaws.com", "secretsmanager.eu-west-1.amazonaws.com"] } },
                    },
                ]);
                expect(policy.propertyDependencies["policy"]).to.include(key.urn);
                const association = resource(prod, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "external-secrets-aws-association");
                expect(association.plainInputs).to.deep.include({ namespace: "external-secrets", serviceAccount: "external-secrets", clusterName: "eks-prod" });
                expect(association.explicitDependencies).to.include(policy.urn);
                expect(resource(prod, RELEASE, "external-secrets-chart").explicitDependencies).to.include(association.urn);
            });

            it("offers ClusterSecretStores for Parameter Store and Secrets Manager under the cluster's prefix, validated", () => {
                const stores = resources(prod, STORE).map((s) => [(s.plainInputs["metadata"] as any).name, (s.plainInputs["spec"] as any).provider.aws]);
                expect(stores).to.deep.equal([
                    ["aws-parameter-store", { service: "ParameterStore", region: "eu-west-1", prefix: "/eks-prod/" }],
                    ["aws-secrets-manager", { service: "SecretsManager", region: "eu-west-1", prefix: "eks-prod/" }],
                ]);
            });

            it("dev syncs an example SecureString parameter the program creates; prod has no example", () => {
                const parameter = resource(dev, "aws:ssm/parameter:Parameter", "external-secrets-aws-example");
                expect(parameter.plainInputs).to.deep.include({ name: "/eks-dev/example/greeting", type: "SecureString" });
                expect(parameter.propertyDependencies["keyId"]).to.deep.equal([resource(dev, "aws:kms/key:Key", "keys-secretsmanager").urn]);
                const example = resource(dev, CUSTOM, "external-secrets-example");
                expect(example.plainInputs["spec"]).to.deep.equal({
                    refreshInterval: "1h",
                    secretStoreRef: { kind: "ClusterSecretStore", name: "aws-parameter-store" },
                    target: { name: "example-greeting", creationPolicy: "Owner", deletionPolicy: "Delete" },
                    data: [{ secretKey: "greeting", remoteRef: { key: "example/greeting" } }],
                });
                expect(resources(prod, CUSTOM)).to.have.length(0);
                expect(resources(prod, "aws:ssm/parameter:Parameter")).to.have.length(0);
            });

            it("tears down ExternalSecrets before the operator, and the operator before the cluster", () => {
                const release = resource(dev, RELEASE, "external-secrets-chart");
                expect(dependsOnTransitively(dev, resource(dev, CUSTOM, "external-secrets-example"), release)).to.equal(true);
                expect(dependsOnTransitively(dev, release, resource(dev, "eks:index:Cluster", "cluster-eks"))).to.equal(true);
            });
        });

        describe("CloudWatch observability", () => {
            it("is on in prod only", () => {
                expect(addonNamed(dev, "amazon-cloudwatch-observability")).to.equal(undefined);
                expect(resources(dev, "aws:cloudwatch/logGroup:LogGroup").filter((g) => String(g.plainInputs["name"]).startsWith("/aws/containerinsights/"))).to.have.length(0);
                expect(addonNamed(prod, "amazon-cloudwatch-observability")!.plainInputs["addonVersion"]).to.equal("v6.4.0-eksbuild.1");
            });

            it("creates the four Container Insights log groups first, with the configured retention", () => {
                const groups = ["application", "dataplane", "host", "performance"].map((kind) => resource(prod, "aws:cloudwatch/logGroup:LogGroup", `observability-${kind}`));
                expect(groups.map((g) => [g.plainInputs["name"], g.plainInputs["retentionInDays"]])).to.deep.equal([
                    ["/aws/containerinsights/eks-prod/application", 365],
                    ["/aws/containerinsights/eks-prod/dataplane", 365],
                    ["/aws/containerinsights/eks-prod/host", 365],
                    ["/aws/containerinsights/eks-prod/performance", 365],
                ]);
                expect(addonNamed(prod, "amazon-cloudwatch-observability")!.explicitDependencies).to.include.members(groups.map((g) => g.urn));
            });

            it("gives cloudwatch-agent in amazon-cloudwatch CloudWatchAgentServerPolicy through the add-on's Pod Identity association", () => {
                const role = resource(prod, "aws:iam/role:Role", "observability-addon-amazon-cloudwatch-observability");
                expect(jsonInput(role, "assumeRolePolicy").Statement).to.deep.equal(podIdentityTrust("eks-prod", "amazon-cloudwatch", "cloudwatch-agent"));
                expect(resource(prod, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "observability-addon-amazon-cloudwatch-observability").plainInputs["policyArn"]).to.equal(
                    "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
                );
                expect((addonNamed(prod, "amazon-cloudwatch-observability")!.plainInputs["podIdentityAssociations"] as any[])[0].serviceAccount).to.equal("cloudwatch-agent");
            });
        });

        describe("Reloader", () => {
            const values = (run: StackRun) => (resource(run, RELEASE, "reloader-release") as RecordedResource).plainInputs["values"] as any;

            it("installs the pinned chart, hardened: non-root, read-only root filesystem, no privilege escalation, no capabilities", () => {
                const release = resource(prod, RELEASE, "reloader-release");
                expect(release.plainInputs).to.deep.include({ chart: "reloader", version: "2.2.16", namespace: "reloader", repositoryOpts: { repo: "https://stakater.github.io/stakater-charts" } });
                const reloader = values(prod).reloader;
                expect(reloader.readOnlyRootFileSystem).to.equal(true);
                expect(reloader.watchGlobally).to.equal(true);
                expect(reloader.deployment.securityContext).to.deep.equal({ runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: "RuntimeDefault" } });
                // readOnlyRootFileSystem overrides this field in the chart's template (chart-v2.2.16):
                // set here too it would be a value that changes nothing (npm run charts).
                expect(reloader.deployment.containerSecurityContext).to.deep.equal({
                    runAsNonRoot: true,
                    allowPrivilegeEscalation: false,
                    privileged: false,
                    capabilities: { drop: ["ALL"] },
                });
            });

            it("runs two replicas with leader election and a PDB in prod, one in dev", () => {
                expect(values(prod).reloader).to.deep.include({ enableHA: true, podDisruptionBudget: { enabled: true, minAvailable: 1 } });
                expect(values(prod).reloader.deployment.replicas).to.equal(2);
                expect(values(dev).reloader).to.deep.include({ enableHA: false, podDisruptionBudget: { enabled: false } });
                expect(values(dev).reloader.deployment.replicas).to.equal(1);
            });
        });

        it("turns each one off by config", async () => {
            const run = await runStack({
                stack: "dev",
                configOverrides: {
                    "eks-platform:efs": { enabled: false },
                    "eks-platform:externalSecrets": { enabled: false },
                    "eks-platform:reloader": { enabled: false },
                },
            });
            expect(resources(run, "aws:efs/fileSystem:FileSystem")).to.have.length(0);
            expect(addonNamed(run, "aws-efs-csi-driver")).to.equal(undefined);
            expect(resources(run, RELEASE).map((r) => r.plainInputs["chart"])).to.not.include.members(["external-secrets", "reloader"]);
            expect(resources(run, "aws:kms/key:Key").map((k) => k.name)).to.not.include("efs-key");
        });
    });
});
