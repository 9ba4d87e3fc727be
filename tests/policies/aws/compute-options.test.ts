import { expect } from "chai";
import { awsClientVpnNoOpenAuthorization } from "../../../policies/aws/rules/clientvpn/no-open-authorization.js";
import { awsEksFargateProfileScopedSelectors } from "../../../policies/aws/rules/eks/fargate-profile-scoped-selectors.js";
import { awsKarpenterGpuNodepoolTainted } from "../../../policies/aws/rules/karpenter/gpu-nodepool-tainted.js";
import { mutate, UNKNOWN, violations } from "../helpers.js";

const AUTHORIZATION_RULE = "aws:ec2clientvpn/authorizationRule:AuthorizationRule";
const FARGATE_PROFILE = "aws:eks/fargateProfile:FargateProfile";
const NODE_POOL = "kubernetes:karpenter.sh/v1:NodePool";

describe("aws-clientvpn-no-open-authorization", () => {
    const rule = { clientVpnEndpointId: "cvpn-endpoint-0123", targetNetworkCidr: "10.0.0.0/16", authorizeAllGroups: true, description: "VPC" };

    it("passes an authorization to the VPC CIDR, and one not known until deploy", async () => {
        expect(await violations(awsClientVpnNoOpenAuthorization, AUTHORIZATION_RULE, rule)).to.deep.equal([]);
        expect(await violations(awsClientVpnNoOpenAuthorization, AUTHORIZATION_RULE, mutate(rule, "targetNetworkCidr", UNKNOWN))).to.deep.equal([]);
    });

    it("refuses 0.0.0.0/0 and ::/0", async () => {
        expect(await violations(awsClientVpnNoOpenAuthorization, AUTHORIZATION_RULE, mutate(rule, "targetNetworkCidr", "0.0.0.0/0"))).to.deep.equal([
            "targetNetworkCidr 0.0.0.0/0 authorizes VPN clients to every address: authorize the VPC CIDR (or the subnets operators need) instead.",
        ]);
        expect(await violations(awsClientVpnNoOpenAuthorization, AUTHORIZATION_RULE, mutate(rule, "targetNetworkCidr", "::/0"))).to.have.length(1);
    });
});

describe("aws-eks-fargate-profile-scoped-selectors", () => {
    const profile = {
        clusterName: "eks-dev",
        fargateProfileName: "karpenter",
        selectors: [{ namespace: "kube-system", labels: { "app.kubernetes.io/name": "karpenter", "app.kubernetes.io/instance": "karpenter" } }],
    };

    it("passes the Karpenter profile: kube-system, picked by the chart's labels", async () => {
        expect(await violations(awsEksFargateProfileScopedSelectors, FARGATE_PROFILE, profile)).to.deep.equal([]);
    });

    it("refuses a selector for all of kube-system", async () => {
        expect(await violations(awsEksFargateProfileScopedSelectors, FARGATE_PROFILE, mutate(profile, "selectors[0].labels", undefined))).to.deep.equal([
            "selectors[0] selects all of kube-system: add labels that pick only the pods meant for Fargate (e.g. app.kubernetes.io/name).",
        ]);
    });

    it("refuses a namespace wildcard", async () => {
        expect(await violations(awsEksFargateProfileScopedSelectors, FARGATE_PROFILE, mutate(profile, "selectors[0].namespace", "kube-*"))).to.deep.equal([
            "selectors[0].namespace kube-* is a wildcard: name the namespace exactly.",
        ]);
    });

    it("refuses a namespace outside allowedNamespaces, and accepts it once the config lists it", async () => {
        const team = mutate(profile, "selectors[0].namespace", "team-a");
        expect(await violations(awsEksFargateProfileScopedSelectors, FARGATE_PROFILE, team)).to.deep.equal([
            "selectors[0] selects namespace team-a, which is not allowed on Fargate (kube-system): add it to allowedNamespaces in the policy config, or remove the selector.",
        ]);
        expect(await violations(awsEksFargateProfileScopedSelectors, FARGATE_PROFILE, team, { allowedNamespaces: ["kube-system", "team-a"] })).to.deep.equal([]);
    });
});

describe("aws-karpenter-gpu-nodepool-tainted", () => {
    const gpuPool = {
        metadata: { name: "gpu" },
        spec: {
            template: {
                spec: {
                    taints: [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }],
                    requirements: [
                        { key: "karpenter.k8s.aws/instance-category", operator: "In", values: ["g"] },
                        { key: "karpenter.k8s.aws/instance-gpu-manufacturer", operator: "In", values: ["nvidia"] },
                    ],
                },
            },
            limits: { cpu: "16", memory: "64Gi", "nvidia.com/gpu": "1" },
        },
    };
    const generalPool = {
        metadata: { name: "spot" },
        spec: { template: { spec: { requirements: [{ key: "karpenter.k8s.aws/instance-category", operator: "In", values: ["c", "m", "r"] }] } }, limits: { cpu: "64" } },
    };

    it("passes a tainted GPU pool and a general pool with no taint", async () => {
        expect(await violations(awsKarpenterGpuNodepoolTainted, NODE_POOL, gpuPool)).to.deep.equal([]);
        expect(await violations(awsKarpenterGpuNodepoolTainted, NODE_POOL, generalPool)).to.deep.equal([]);
    });

    it("refuses a GPU pool without the taint", async () => {
        expect(await violations(awsKarpenterGpuNodepoolTainted, NODE_POOL, mutate(gpuPool, "spec.template.spec.taints", undefined))).to.deep.equal([
            "The NodePool launches GPU instances (it limits nvidia.com/gpu) without the taint nvidia.com/gpu=true:NoSchedule: add it to spec.template.spec.taints.",
        ]);
    });

    it("refuses the taint with a weaker effect", async () => {
        expect(await violations(awsKarpenterGpuNodepoolTainted, NODE_POOL, mutate(gpuPool, "spec.template.spec.taints[0].effect", "PreferNoSchedule"))).to.have.length(1);
    });

    it("spots GPU pools by category or GPU label even without a GPU limit", async () => {
        const byCategory = mutate(mutate(gpuPool, "spec.limits", { cpu: "16" }), "spec.template.spec.taints", undefined);
        const categoryOnly = mutate(byCategory, "spec.template.spec.requirements", [{ key: "karpenter.k8s.aws/instance-category", operator: "In", values: ["p"] }]);
        expect(await violations(awsKarpenterGpuNodepoolTainted, NODE_POOL, categoryOnly)).to.deep.equal([
            "The NodePool launches GPU instances (it selects instance categories p) without the taint nvidia.com/gpu=true:NoSchedule: add it to spec.template.spec.taints.",
        ]);
        const labelOnly = mutate(byCategory, "spec.template.spec.requirements", [{ key: "karpenter.k8s.aws/instance-gpu-count", operator: "Gt", values: ["0"] }]);
        expect(await violations(awsKarpenterGpuNodepoolTainted, NODE_POOL, labelOnly)).to.deep.equal([
            "The NodePool launches GPU instances (it requires karpenter.k8s.aws/instance-gpu-count) without the taint nvidia.com/gpu=true:NoSchedule: add it to spec.template.spec.taints.",
        ]);
    });
});
