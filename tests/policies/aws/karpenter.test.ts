import { expect } from "chai";
import { awsKarpenterEc2nodeclassPinAmi } from "../../../policies/aws/rules/karpenter/ec2nodeclass-pin-ami.js";
import { awsKarpenterNodepoolSetConsolidationPolicy } from "../../../policies/aws/rules/karpenter/nodepool-set-consolidation-policy.js";
import { awsKarpenterNodepoolSetExpireAfter } from "../../../policies/aws/rules/karpenter/nodepool-set-expire-after.js";
import { awsKarpenterNodepoolSetLimits } from "../../../policies/aws/rules/karpenter/nodepool-set-limits.js";
import { awsKarpenterSpotRequiresInterruptionQueue } from "../../../policies/aws/rules/karpenter/spot-requires-interruption-queue.js";
import { fixture, mutate, stackFindings, UNKNOWN, urnOf, violations } from "../helpers.js";

const NODE_POOL = "kubernetes:karpenter.sh/v1:NodePool";

const nodePool = {
    apiVersion: "karpenter.sh/v1",
    kind: "NodePool",
    metadata: { name: "general" },
    spec: {
        template: {
            spec: {
                nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" },
                requirements: [{ key: "karpenter.sh/capacity-type", operator: "In", values: ["spot", "on-demand"] }],
                expireAfter: "720h",
            },
        },
        limits: { cpu: "1000", memory: "1000Gi" },
        disruption: { consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "1m" },
    },
};

describe("Karpenter NodePool rules", () => {
    const rules = [awsKarpenterNodepoolSetLimits, awsKarpenterNodepoolSetConsolidationPolicy, awsKarpenterNodepoolSetExpireAfter];

    it("pass a NodePool with limits, a consolidation policy and expireAfter", async () => {
        for (const rule of rules) expect(await violations(rule, NODE_POOL, nodePool), rule.name).to.deep.equal([]);
    });

    it("aws-karpenter-nodepool-set-limits names the missing limit", async () => {
        expect(await violations(awsKarpenterNodepoolSetLimits, NODE_POOL, mutate(nodePool, "spec.limits.memory", undefined))).to.deep.equal([
            'spec.limits has no memory limit: set spec.limits.cpu and spec.limits.memory (e.g. cpu: "1000", memory: 1000Gi).',
        ]);
        expect(await violations(awsKarpenterNodepoolSetLimits, NODE_POOL, mutate(nodePool, "spec.limits", undefined))).to.deep.equal([
            'spec.limits has no cpu or memory limit: set spec.limits.cpu and spec.limits.memory (e.g. cpu: "1000", memory: 1000Gi).',
        ]);
    });

    it("aws-karpenter-nodepool-set-consolidation-policy rejects a NodePool relying on the default", async () => {
        expect(await violations(awsKarpenterNodepoolSetConsolidationPolicy, NODE_POOL, mutate(nodePool, "spec.disruption.consolidationPolicy", undefined))).to.deep.equal([
            "spec.disruption.consolidationPolicy is not set: set it to WhenEmptyOrUnderutilized (or WhenEmpty) with a consolidateAfter.",
        ]);
    });

    it("aws-karpenter-nodepool-set-expire-after rejects a missing or Never expiry", async () => {
        expect(await violations(awsKarpenterNodepoolSetExpireAfter, NODE_POOL, mutate(nodePool, "spec.template.spec.expireAfter", undefined))).to.deep.equal([
            'spec.template.spec.expireAfter is not set: set it (e.g. "720h") so nodes are replaced regularly.',
        ]);
        expect(await violations(awsKarpenterNodepoolSetExpireAfter, NODE_POOL, mutate(nodePool, "spec.template.spec.expireAfter", "Never"))).to.deep.equal([
            'spec.template.spec.expireAfter is "Never", so nodes are never replaced: set a duration such as "720h".',
        ]);
    });

    it("aws-karpenter-ec2nodeclass-pin-ami rejects an @latest alias", async () => {
        const nodeClass = { spec: { amiSelectorTerms: [{ alias: "al2023@v20260903" }] } };
        expect(await violations(awsKarpenterEc2nodeclassPinAmi, "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", nodeClass)).to.deep.equal([]);
        expect(await violations(awsKarpenterEc2nodeclassPinAmi, "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", mutate(nodeClass, "spec.amiSelectorTerms[0].alias", "al2023@latest"))).to.deep.equal([
            "spec.amiSelectorTerms alias al2023@latest follows the newest AMI: pin a release such as al2023@v<YYYYMMDD> (domain/versions.ts).",
        ]);
    });
});

describe("aws-karpenter-spot-requires-interruption-queue", () => {
    const rule = awsKarpenterSpotRequiresInterruptionQueue;
    const pool = (props: object, name = "general") => fixture(NODE_POOL, props as Record<string, unknown>, { name });
    const controller = (values: object) =>
        fixture("kubernetes:helm.sh/v3:Release", { chart: "oci://public.ecr.aws/karpenter/karpenter", version: "1.14.1", values }, { name: "karpenter" });

    it("passes spot pools when the controller has a queue, even one only known after the update", async () => {
        expect(await stackFindings(rule, [pool(nodePool), controller({ settings: { clusterName: "eks-prod", interruptionQueue: "eks-prod" } })])).to.deep.equal([]);
        expect(await stackFindings(rule, [pool(nodePool), controller({ settings: { interruptionQueue: UNKNOWN } })])).to.deep.equal([]);
    });

    it("ignores on-demand pools (no capacity-type requirement means on-demand)", async () => {
        const onDemand = mutate(nodePool, "spec.template.spec.requirements", []);
        expect(await stackFindings(rule, [pool(onDemand)])).to.deep.equal([]);
        expect(await stackFindings(rule, [pool(mutate(nodePool, "spec.template.spec.requirements[0].values", ["on-demand"]))])).to.deep.equal([]);
    });

    it("reports each spot pool when the controller sets no queue", async () => {
        const found = await stackFindings(rule, [pool(nodePool), controller({ settings: { clusterName: "eks-prod" } })]);
        expect(found.map((f) => [f.urn, f.message])).to.deep.equal([
            [
                urnOf(NODE_POOL, "general"),
                "NodePool general allows spot capacity but the Karpenter release sets no settings.interruptionQueue: set the karpenter chart value settings.interruptionQueue to the interruption SQS queue's name.",
            ],
        ]);
    });

    it("reports spot pools when no Karpenter release is in the stack", async () => {
        const exists = mutate(nodePool, "spec.template.spec.requirements[0]", { key: "karpenter.sh/capacity-type", operator: "Exists" });
        expect((await stackFindings(rule, [pool(exists)])).map((f) => f.message)).to.deep.equal([
            "NodePool general allows spot capacity but no Karpenter Helm release is in the stack: set the karpenter chart value settings.interruptionQueue to the interruption SQS queue's name.",
        ]);
    });
});
