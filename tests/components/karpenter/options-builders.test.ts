import { expect } from "chai";
import { NodePool } from "@kubernetes-models/karpenter/karpenter.sh/v1/NodePool";
import { addressesPerNode, podIpBudget } from "../../../domain/pod-ips.js";
import { controllerValues } from "../../../components/karpenter/chart-values.js";
import { devicePluginValues } from "../../../components/karpenter/gpu-values.js";
import { buildGpuNodePool, buildNodePool } from "../../../components/karpenter/node-pools.js";
import { fargatePodExecutionTrustPolicy, irsaTrustPolicy } from "../../../components/cluster/iam.js";
import { vpcResolver } from "../../../components/client-vpn/documents.js";
import { fargateSize, memoryGb, cpuCores } from "../../../tools/plan/fargate.js";

/**
 * Key paths of the karpenter chart's values.yaml (charts/karpenter/values.yaml at v1.14.1) that the
 * Fargate values set beyond the system-node ones: serviceAccount.annotations, dnsPolicy and
 * topologySpreadConstraints are all top-level chart values there.
 */
const KARPENTER_CHART_KEYS = new Set([
    "serviceAccount.create",
    "serviceAccount.name",
    "serviceAccount.annotations",
    "replicas",
    "podDisruptionBudget.name",
    "podDisruptionBudget.maxUnavailable",
    "nodeSelector",
    "tolerations",
    "dnsPolicy",
    "topologySpreadConstraints",
    "controller.env",
    "controller.resources",
    "settings.clusterName",
    "settings.clusterEndpoint",
    "settings.interruptionQueue",
]);
/** Key paths of nvidia-device-plugin's values.yaml at v0.20.0 the platform sets. */
const DEVICE_PLUGIN_CHART_KEYS = new Set(["affinity", "tolerations", "resources"]);
const OPAQUE = new Set(["nodeSelector", "tolerations", "topologySpreadConstraints", "controller.env", "controller.resources", "serviceAccount.annotations", "affinity", "resources"]);

function keyPaths(value: unknown, prefix = ""): string[] {
    if (OPAQUE.has(prefix) || value === null || typeof value !== "object" || Array.isArray(value)) return [prefix];
    return Object.entries(value).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
}

const inputs = { clusterName: "eks-dev", clusterEndpoint: "https://example.eks", interruptionQueue: "eks-dev-karpenter", region: "eu-west-1" };

describe("compute option builders", () => {
    describe("Karpenter chart values on Fargate", () => {
        const values = controllerValues({ ...inputs, controllerOn: "fargate", replicas: 2, irsaRoleArn: "arn:aws:iam::123456789012:role/karpenter" });

        it("uses only keys of the chart's values.yaml", () => {
            for (const key of keyPaths(values)) expect(KARPENTER_CHART_KEYS.has(key), key).to.equal(true);
        });

        it("annotates the ServiceAccount for IRSA and drops the system-node placement", () => {
            expect(values.serviceAccount).to.deep.equal({ create: true, name: "karpenter", annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/karpenter" } });
            expect(values).to.deep.include({ replicas: 2, nodeSelector: { "kubernetes.io/os": "linux" }, tolerations: [], dnsPolicy: "Default", topologySpreadConstraints: [] });
        });

        it("refuses Fargate without an IRSA role", () => {
            expect(() => controllerValues({ ...inputs, controllerOn: "fargate" })).to.throw(/IRSA role/);
        });

        it("keeps the system-node placement by default", () => {
            const onNodes = controllerValues(inputs);
            expect(onNodes.tolerations).to.deep.equal([{ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" }]);
            expect(onNodes).to.not.have.property("dnsPolicy");
            expect(onNodes.replicas).to.equal(2);
        });
    });

    describe("IAM documents", () => {
        it("IRSA trust pins one service account and the STS audience, issuer without its scheme", () => {
            expect(irsaTrustPolicy("arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC", "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC", "kube-system", "karpenter")).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC" },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: {
                            StringEquals: {
                                "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:kube-system:karpenter",
                                "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
                            },
                        },
                    },
                ],
            });
        });

        it("Fargate pod execution trust is limited to this cluster's profiles", () => {
            const doc = fargatePodExecutionTrustPolicy({ accountId: "123456789012", partition: "aws", region: "eu-west-1", dnsSuffix: "amazonaws.com" }, "eks-dev");
            expect(doc.Statement).to.deep.equal([
                {
                    Effect: "Allow",
                    Principal: { Service: "eks-fargate-pods.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { ArnLike: { "aws:SourceArn": "arn:aws:eks:eu-west-1:123456789012:fargateprofile/eks-dev/*" } },
                },
            ]);
        });
    });

    describe("GPU pool and device plugin", () => {
        const gpu = { enabled: true, capacityTypes: ["on-demand" as const], instanceCategories: ["g" as const, "p" as const], minGeneration: 5, limits: { gpus: 8, cpu: 192, memoryGiB: 768 }, volumeSizeGiB: 200, expireAfter: "720h" };

        it("builds a valid, tainted NodePool limited in GPUs, CPU and memory", () => {
            const built = buildGpuNodePool(gpu).toJSON() as any;
            expect(() => new NodePool(built).validate()).to.not.throw();
            expect(built.spec.limits).to.deep.equal({ cpu: "192", memory: "768Gi", "nvidia.com/gpu": "8" });
            expect(built.spec.template.spec.taints).to.deep.equal([{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }]);
            expect(built.spec.template.spec.requirements).to.deep.include({ key: "karpenter.k8s.aws/instance-generation", operator: "Gt", values: ["4"] });
            expect(built.spec.disruption).to.deep.equal({ consolidationPolicy: "WhenEmpty", consolidateAfter: "5m", budgets: [{ nodes: "10%" }] });
        });

        it("device plugin values use only chart keys and pin the DaemonSet to the GPU pool", () => {
            const values = devicePluginValues();
            for (const key of keyPaths(values)) expect(DEVICE_PLUGIN_CHART_KEYS.has(key), key).to.equal(true);
            expect(values.tolerations).to.deep.equal([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
        });

        it("a general pool with minVcpu requires instances of at least that many vCPUs", () => {
            const pool = {
                capacityTypes: ["on-demand" as const],
                weight: 10,
                instanceCategories: ["m" as const],
                minGeneration: 6,
                architectures: ["amd64" as const],
                minVcpu: 4,
                limits: { cpu: 100, memoryGiB: 400 },
                disruption: { consolidationPolicy: "WhenEmpty" as const, consolidateAfter: "1m", budgets: [{ nodes: "10%" }] },
                expireAfter: "720h",
            };
            expect((buildNodePool("big", pool).toJSON() as any).spec.template.spec.requirements).to.deep.include({ key: "karpenter.k8s.aws/instance-cpu", operator: "Gt", values: ["3"] });
        });
    });

    describe("pod-IP budget", () => {
        it("counts prefixes, the warm prefix and the primary address per node", () => {
            expect(addressesPerNode(110)).to.equal(129);
            expect(addressesPerNode(250)).to.equal(273);
            expect(addressesPerNode(16)).to.equal(33);
        });

        it("bounds nodes by cpu / smallest instance and by GPUs, and wants 20% headroom", () => {
            const budget = podIpBudget({
                pools: [
                    { name: "a", cpuLimit: 1024, minVcpu: 4 },
                    { name: "gpu", cpuLimit: 384, minVcpu: 4, maxNodes: 16 },
                ],
                maxPods: 110,
                systemNodes: 4,
                systemMaxPods: 110,
                fargatePods: 2,
                privateIpCapacity: 49_137,
            });
            expect(budget.pools).to.deep.equal([
                { name: "a", nodes: 256, addresses: 33_024 },
                { name: "gpu", nodes: 16, addresses: 2_064 },
            ]);
            expect(budget.addressesNeeded).to.equal(33_024 + 2_064 + 4 * 129 + 2);
            expect(budget.fits).to.equal(true);
            expect(podIpBudget({ pools: [{ name: "a", cpuLimit: 1024, minVcpu: 2 }], maxPods: 110, systemNodes: 0, systemMaxPods: 110, fargatePods: 0, privateIpCapacity: 49_137 }).fits).to.equal(false);
        });
    });

    describe("Fargate sizing and Client VPN helpers", () => {
        it("rounds a pod up to the next Fargate configuration, 256 MB overhead included", () => {
            expect(fargateSize(1, 1)).to.deep.equal({ vcpu: 1, memoryGb: 2 });
            expect(fargateSize(0.25, 0.5)).to.deep.equal({ vcpu: 0.25, memoryGb: 1 });
            expect(fargateSize(0.25, 0.75)).to.deep.equal({ vcpu: 0.25, memoryGb: 1 });
            expect(fargateSize(2, 8)).to.deep.equal({ vcpu: 2, memoryGb: 9 });
            expect(cpuCores("250m")).to.equal(0.25);
            expect(memoryGb("768Mi")).to.equal(0.75);
        });

        it("points VPN clients at the VPC resolver", () => {
            expect(vpcResolver("10.10.0.0/16")).to.equal("10.10.0.2");
        });
    });
});
