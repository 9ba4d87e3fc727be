import { expect } from "chai";
import { EC2NodeClass } from "@kubernetes-models/karpenter/karpenter.k8s.aws/v1/EC2NodeClass";
import { NodePool } from "@kubernetes-models/karpenter/karpenter.sh/v1/NodePool";
import { controllerValues } from "../../../components/karpenter/chart-values.js";
import { buildEc2NodeClass, buildNodePool, enabledNodePools } from "../../../components/karpenter/node-pools.js";
import { nodePoolConfigKey } from "../../../components/karpenter/node-pool-paths.js";
import { KARPENTER_AMI_ALIAS } from "../../../domain/versions.js";
import type { NodePoolConfig } from "../../../stacks/schema/karpenter.js";
import { minimal, parse } from "../../stacks/config-fixtures.js";

const pool: NodePoolConfig = {
    capacityTypes: ["spot", "on-demand"],
    weight: 30,
    instanceCategories: ["c", "m"],
    minGeneration: 7,
    architectures: ["amd64", "arm64"],
    limits: { cpu: 40, memoryGiB: 160 },
    disruption: {
        consolidationPolicy: "WhenEmpty",
        consolidateAfter: "30s",
        budgets: [{ nodes: "10%" }, { nodes: "0", schedule: "0 9 * * mon-fri", duration: "8h", reasons: ["Underutilized", "Drifted"] }],
    },
    expireAfter: "336h",
};

/**
 * Every key path the chart's values.yaml defines that this platform sets (charts/karpenter/values.yaml
 * at the 1.14.1 tag, commit c88abbba). A value outside it is a typo the chart would silently ignore.
 */
const KARPENTER_CHART_KEYS = new Set([
    "serviceAccount.create",
    "serviceAccount.name",
    "replicas",
    "podDisruptionBudget.name",
    "podDisruptionBudget.maxUnavailable",
    "nodeSelector",
    "tolerations",
    "controller.env",
    "controller.resources",
    "settings.clusterName",
    "settings.clusterEndpoint",
    "settings.interruptionQueue",
]);
/** Keys whose values are maps or lists the chart copies as they are. */
const OPAQUE = new Set(["nodeSelector", "tolerations", "controller.env", "controller.resources"]);

function keyPaths(value: unknown, prefix = ""): string[] {
    if (OPAQUE.has(prefix) || value === null || typeof value !== "object" || Array.isArray(value)) return [prefix];
    return Object.entries(value).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
}

describe("Karpenter builders", () => {
    describe("NodePool", () => {
        it("turns a config row into a valid karpenter.sh/v1 NodePool", () => {
            const built = buildNodePool("general", pool).toJSON() as any;
            expect(built.apiVersion).to.equal("karpenter.sh/v1");
            expect(built.kind).to.equal("NodePool");
            expect(built.spec.weight).to.equal(30);
            expect(built.spec.limits).to.deep.equal({ cpu: "40", memory: "160Gi" });
            expect(built.spec.template.spec.requirements).to.deep.equal([
                { key: "karpenter.sh/capacity-type", operator: "In", values: ["spot", "on-demand"] },
                { key: "karpenter.k8s.aws/instance-category", operator: "In", values: ["c", "m"] },
                { key: "karpenter.k8s.aws/instance-generation", operator: "Gt", values: ["6"] },
                { key: "kubernetes.io/arch", operator: "In", values: ["amd64", "arm64"] },
                { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
            ]);
            expect(built.spec.template.spec.nodeClassRef).to.deep.equal({ group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" });
            expect(built.spec.template.spec.expireAfter).to.equal("336h");
            expect(built.spec.disruption).to.deep.equal({
                consolidationPolicy: "WhenEmpty",
                consolidateAfter: "30s",
                budgets: [{ nodes: "10%" }, { nodes: "0", schedule: "0 9 * * mon-fri", duration: "8h", reasons: ["Underutilized", "Drifted"] }],
            });
        });

        it("refuses what the NodePool schema refuses, before anything is created", () => {
            expect(() => buildNodePool("x", { ...pool, weight: 101 })).to.throw(/^karpenter\.nodePools\.x\.weight: must be <= 100/);
            expect(() => buildNodePool("x", { ...pool, expireAfter: "30 days" })).to.throw(/^karpenter\.nodePools\.x\.expireAfter: must match pattern/);
        });

        it("labels and taints a team's dedicated pool", () => {
            const built = buildNodePool("batch", {
                ...pool,
                labels: { "example.com/team": "data" },
                taints: [{ key: "dedicated", value: "batch", effect: "NoSchedule" }],
            }).toJSON() as any;
            expect(built.spec.template.metadata).to.deep.equal({ labels: { "example.com/team": "data" } });
            expect(built.spec.template.spec.taints).to.deep.equal([{ key: "dedicated", value: "batch", effect: "NoSchedule" }]);
            expect(buildNodePool("plain", pool).toJSON()).to.not.have.nested.property("spec.template.metadata");
        });

        it("leaves out disabled pools and orders the rest by name", () => {
            const pools = { spot: pool, gpu: { ...pool, enabled: false }, "on-demand": pool };
            expect(enabledNodePools(pools).map(([name]) => name)).to.deep.equal(["on-demand", "spot"]);
        });
    });

    describe("EC2NodeClass", () => {
        const nodeClass = () =>
            buildEc2NodeClass({
                clusterName: "eks-prod",
                role: "KarpenterNode-eks-prod-eu-west-1",
                amiAlias: KARPENTER_AMI_ALIAS,
                volumeSizeGiB: 100,
                maxPods: 110,
                tags: { Project: "eks-platform", "kubernetes.io/cluster/eks-prod": "owned", "karpenter.sh/nodepool": "x" },
            }).toJSON() as any;

        it("boots a pinned AL2023 release, never latest", () => {
            expect(nodeClass().spec.amiSelectorTerms).to.deep.equal([{ alias: KARPENTER_AMI_ALIAS }]);
            expect(KARPENTER_AMI_ALIAS).to.match(/^al2023@v\d{8}$/);
        });

        it("finds subnets and security groups by the discovery tag and uses the node role", () => {
            const spec = nodeClass().spec;
            expect(spec.subnetSelectorTerms).to.deep.equal([{ tags: { "karpenter.sh/discovery": "eks-prod" } }]);
            expect(spec.securityGroupSelectorTerms).to.deep.equal([{ tags: { "karpenter.sh/discovery": "eks-prod" } }]);
            expect(spec.role).to.equal("KarpenterNode-eks-prod-eu-west-1");
            expect(spec).to.not.have.property("instanceProfile");
        });

        it("requires IMDSv2 with a hop limit of 1 and an encrypted gp3 root volume", () => {
            const spec = nodeClass().spec;
            expect(spec.metadataOptions).to.deep.equal({ httpEndpoint: "enabled", httpProtocolIPv6: "disabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
            expect(spec.blockDeviceMappings).to.deep.equal([
                { deviceName: "/dev/xvda", rootVolume: true, ebs: { volumeSize: "100Gi", volumeType: "gp3", encrypted: true, deleteOnTermination: true } },
            ]);
        });

        it("keeps kubelet's cluster DNS at kube-dns (NodeLocal DNSCache answers there in iptables mode)", () => {
            expect(nodeClass().spec.kubelet).to.not.have.property("clusterDNS");
        });

        it("sets kubelet maxPods from prefix delegation, not the ENI limit", () => {
            expect(nodeClass().spec.kubelet).to.deep.equal({ maxPods: 110 });
        });

        it("tags instances with the stack tags, leaving the keys Karpenter owns to Karpenter", () => {
            expect(nodeClass().spec.tags).to.deep.equal({ Project: "eks-platform", Name: "eks-prod-karpenter" });
        });

        it("refuses a volume size the schema refuses", () => {
            expect(() => buildEc2NodeClass({ clusterName: "c", role: "r", amiAlias: KARPENTER_AMI_ALIAS, volumeSizeGiB: 0, maxPods: 110, tags: {} })).to.throw(/volumeSize/);
        });
    });

    describe("tier defaults become valid NodePools", () => {
        const pools = (tier: "dev" | "prod") =>
            Object.fromEntries(enabledNodePools(parse(minimal(tier)).karpenter.nodePools).map(([n, c]) => [n, buildNodePool(n, c).toJSON() as any]));

        it("dev prefers spot by weight", () => {
            const dev = pools("dev");
            expect(dev["spot"].spec.weight).to.equal(50);
            expect(dev["on-demand"].spec.weight).to.equal(10);
            expect(dev["spot"].spec.limits).to.deep.equal({ cpu: "64", memory: "256Gi" });
            expect(dev["on-demand"].spec.limits).to.deep.equal({ cpu: "16", memory: "64Gi" });
        });

        it("prod runs its baseline on-demand (heavier) and overflows to spot", () => {
            const prod = pools("prod");
            expect(prod["on-demand"].spec.weight).to.equal(50);
            expect(prod["spot"].spec.weight).to.equal(10);
            expect(prod["on-demand"].spec.limits).to.deep.equal({ cpu: "768", memory: "3072Gi" });
            expect(prod["on-demand"].spec.disruption.budgets).to.deep.equal([
                { nodes: "10%" },
                { nodes: "0", schedule: "0 7 * * mon-fri", duration: "12h", reasons: ["Underutilized"] },
            ]);
        });

        it("every default pool is valid against the Karpenter v1 schema", () => {
            for (const tier of ["dev", "prod"] as const) {
                for (const built of Object.values(pools(tier))) expect(() => new NodePool(built).validate()).to.not.throw();
            }
            expect(() => new EC2NodeClass(buildEc2NodeClass({ clusterName: "c", role: "r", amiAlias: KARPENTER_AMI_ALIAS, volumeSizeGiB: 50, maxPods: 110, tags: {} }).toJSON() as any).validate()).to.not.throw();
        });
    });

    describe("controller chart values", () => {
        const values = controllerValues({
            clusterName: "eks-prod",
            clusterEndpoint: "https://ABC.gr7.eu-west-1.eks.amazonaws.com",
            interruptionQueue: "eks-prod-karpenter",
            region: "eu-west-1",
        });

        it("uses only keys the 1.14.1 chart defines", () => {
            for (const key of keyPaths(values)) expect(KARPENTER_CHART_KEYS, key).to.include(key);
        });

        it("runs two replicas with a PDB on the system nodes, tolerating their taint", () => {
            expect(values).to.deep.include({
                replicas: 2,
                podDisruptionBudget: { name: "karpenter", maxUnavailable: 1 },
                nodeSelector: { "kubernetes.io/os": "linux", "platform.eks/node-role": "system" },
                tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" }],
            });
        });

        it("names the service account the Pod Identity association is for, and passes cluster, endpoint, queue and region", () => {
            expect(values.serviceAccount).to.deep.equal({ create: true, name: "karpenter" });
            expect(values.settings).to.deep.equal({
                clusterName: "eks-prod",
                clusterEndpoint: "https://ABC.gr7.eu-west-1.eks.amazonaws.com",
                interruptionQueue: "eks-prod-karpenter",
            });
            expect(values.controller.env).to.deep.equal([{ name: "AWS_REGION", value: "eu-west-1" }]);
            expect(values.controller.resources).to.deep.equal({ requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } });
        });
    });
});

describe("NodePool schema errors name the config key", () => {
    it("maps the typed object's paths to karpenter.nodePools.<name> keys", () => {
        expect(nodePoolConfigKey("spot", "/spec/disruption/budgets/0/schedule")).to.equal("karpenter.nodePools.spot.disruption.budgets[0].schedule");
        expect(nodePoolConfigKey("spot", "/spec/template/metadata/labels/example.com~1team")).to.equal('karpenter.nodePools.spot.labels["example.com/team"]');
        expect(nodePoolConfigKey("spot", "/spec/template/spec/taints/1/effect")).to.equal("karpenter.nodePools.spot.taints[1].effect");
        expect(nodePoolConfigKey("spot", "/spec/template/spec/nodeClassRef/name")).to.equal(undefined);
    });

    it("rewords a schema failure of buildNodePool with the config key", () => {
        const pool = parse(minimal("dev")).karpenter.nodePools["spot"]!;
        const bad = { ...pool, disruption: { ...pool.disruption, budgets: [{ nodes: "10%", schedule: "whenever", duration: "8h" }] } };
        expect(() => buildNodePool("spot", bad)).to.throw(/^karpenter\.nodePools\.spot\.disruption\.budgets\[0\]\.schedule: must match pattern .* \(Karpenter NodePool schema\)$/);
    });
});
