import { expect } from "chai";
import { CREATION_TIMES, creationTime, SOURCES } from "../../tools/plan/creation-times.js";
import { estimateMonthlyCost } from "../../tools/plan/cost.js";
import { parallelizableOnPath, type CriticalStep } from "../../tools/plan/estimate.js";
import { buildTree, schedule, type GraphResource } from "../../tools/plan/graph.js";
import { PRICES, PRICES_AS_OF } from "../../tools/plan/prices.js";
import { expandEksCluster, expandVpc } from "../../tools/plan/remote-components.js";

let n = 0;
function res(type: string, name: string, extra: Partial<GraphResource> = {}): GraphResource {
    n += 1;
    return {
        urn: `urn:${n}:${name}`,
        type,
        name,
        custom: !type.startsWith("platform:") && type !== "pulumi:pulumi:Stack",
        remote: false,
        parent: undefined,
        dependencies: [],
        plainInputs: {},
        ...extra,
    };
}

describe("plan: schedule over the dependency graph", () => {
    const stack = res("pulumi:pulumi:Stack", "s");
    const comp = res("platform:x:Box", "box", { parent: stack.urn });
    const slow = res("aws:a/b:Slow", "slow", { parent: comp.urn });
    const fast = res("aws:a/b:Fast", "fast", { parent: comp.urn });
    const after = res("aws:a/b:After", "after", { parent: stack.urn, dependencies: [comp.urn] });
    const alone = res("aws:a/b:Alone", "alone", { parent: stack.urn });
    const all = [stack, comp, slow, fast, after, alone];
    const times: Record<string, number> = { slow: 100, fast: 10, after: 50, alone: 120 };
    const sched = schedule(all, (r) => times[r.name] ?? 0);

    it("starts a resource that depends on a component only when the component's slowest child is done", () => {
        expect(sched.byUrn.get(after.urn)).to.include({ start: 100, finish: 150 });
        expect(sched.byUrn.get(comp.urn)?.finish).to.equal(100);
    });

    it("runs independent resources side by side and reports the longest chain", () => {
        expect(sched.byUrn.get(alone.urn)).to.include({ start: 0, finish: 120 });
        expect(sched.total).to.equal(150);
        expect(sched.criticalPath.map((s) => s.urn)).to.deep.equal([slow.urn, after.urn]);
    });

    it("breaks a dependency cycle instead of looping", () => {
        const a = res("aws:a/b:A", "a", { urn: "urn:cycle:a", dependencies: ["urn:cycle:b"] });
        const b = res("aws:a/b:B", "b", { urn: "urn:cycle:b", dependencies: [a.urn] });
        expect(schedule([a, b], () => 5).total).to.be.at.most(10);
    });

    it("counts resources under each component, components themselves excluded", () => {
        const [box, afterNode, aloneNode] = buildTree(all);
        expect(box?.resourceCount).to.equal(2);
        expect(afterNode?.resourceCount).to.equal(1);
        expect(aloneNode?.resource.name).to.equal("alone");
    });
});

describe("plan: creation-time table", () => {
    it("times the control plane from the eu-west-1 measurement and cites a source for every row", () => {
        expect(CREATION_TIMES["aws:eks/cluster:Cluster"]).to.include({ seconds: 913, basis: "measured" });
        expect(CREATION_TIMES["aws:eks/cluster:Cluster"]?.source).to.equal(SOURCES.eksMeasured);
        for (const [type, row] of Object.entries(CREATION_TIMES)) {
            expect(row.source.url, type).to.match(/^https:\/\//);
            expect(row.note, type).to.not.equal("");
        }
    });

    it("makes a Traefik release wait for its NLB, other releases not", () => {
        expect(creationTime("kubernetes:helm.sh/v3:Release", { chart: "traefik" }).seconds).to.equal(270);
        expect(creationTime("kubernetes:helm.sh/v3:Release", { chart: "oci://ghcr.io/traefik/helm/traefik" }).seconds).to.equal(270);
        expect(creationTime("kubernetes:helm.sh/v3:Release", { chart: "cert-manager" }).seconds).to.equal(90);
        expect(creationTime("pulumi:providers:kubernetes", {}).seconds).to.equal(0);
    });

    it("expands the awsx VPC: a single NAT gateway or one per AZ, the NAT gateway dominating its chain", () => {
        const specs = [{ type: "Private" }, { type: "Public" }];
        const azs = ["a", "b", "c"];
        const single = expandVpc({ availabilityZoneNames: azs, subnetSpecs: specs, natGateways: { strategy: "Single" } });
        const perAz = expandVpc({ availabilityZoneNames: azs, subnetSpecs: specs, natGateways: { strategy: "OnePerAz" } });
        const count = (x: typeof single, type: string) => x.inside.find((i) => i.type === type)?.count ?? 0;
        expect(count(single, "aws:ec2/natGateway:NatGateway")).to.equal(1);
        expect(count(perAz, "aws:ec2/natGateway:NatGateway")).to.equal(3);
        expect(count(perAz, "aws:ec2/subnet:Subnet")).to.equal(6);
        expect(count(perAz, "aws:ec2/eip:Eip")).to.equal(3);
        expect(single.path.map((p) => p.type)).to.deep.equal([
            "aws:ec2/vpc:Vpc",
            "aws:ec2/subnet:Subnet",
            "aws:ec2/natGateway:NatGateway",
            "aws:ec2/route:Route",
        ]);
        expect(single.seconds).to.equal(132);
    });

    it("expands the EKS cluster: role, control plane, then its slowest follow-up", () => {
        const noNodes = expandEksCluster({ skipDefaultNodeGroup: true, endpointPublicAccess: false, useDefaultVpcCni: true, kubeProxyAddonOptions: { enabled: false } });
        expect(noNodes.path.map((p) => p.type)).to.deep.equal(["aws:iam/role:Role", "aws:eks/cluster:Cluster"]);
        expect(noNodes.seconds).to.equal(918);
        const publicEndpoint = expandEksCluster({ skipDefaultNodeGroup: true, endpointPublicAccess: true, useDefaultVpcCni: true, kubeProxyAddonOptions: { enabled: false } });
        expect(publicEndpoint.seconds).to.equal(948);
        const withNodes = expandEksCluster({});
        expect(withNodes.path.at(-1)?.type).to.equal("aws:eks/nodeGroup:NodeGroup");
    });

    it("flags parallel work on the critical path: after the control plane, or inside a remote component before it", () => {
        const step = (type: string, inside?: CriticalStep["inside"]): CriticalStep => ({ type, name: "x", urn: type, start: 0, finish: 0, seconds: 1, basis: "estimate", ...(inside ? { inside } : {}) });
        expect(parallelizableOnPath([step("aws:kms/key:Key"), step("eks:index:Cluster"), step("aws:eks/nodeGroup:NodeGroup")])).to.deep.equal([]);
        expect(parallelizableOnPath([step("eks:index:Cluster"), step("aws:iam/role:Role")])).to.deep.equal(["aws:iam/role:Role x"]);
        expect(parallelizableOnPath([step("awsx:ec2:Vpc", [{ type: "aws:ec2/natGateway:NatGateway", seconds: 120 }]), step("eks:index:Cluster")])).to.deep.equal([
            "aws:ec2/natGateway:NatGateway inside awsx:ec2:Vpc x",
        ]);
        expect(parallelizableOnPath([step("aws:sqs/queue:Queue")])).to.deep.equal(["aws:sqs/queue:Queue x"]);
    });
});

describe("plan: cost table", () => {
    it("is dated and prices eu-west-1's control plane, NAT gateway, NLB and public IPv4 address", () => {
        expect(PRICES_AS_OF).to.match(/^\d{4}-\d{2}-\d{2}$/);
        const p = PRICES["eu-west-1"]!;
        expect([p.eksControlPlaneHour.usd, p.natGatewayHour.usd, p.nlbHour.usd, p.publicIpv4Hour.usd]).to.deep.equal([0.1, 0.048, 0.0252, 0.005]);
    });

    it("prices a stack from what it creates: control plane, NAT gateways, nodes with their volumes, keys and secrets", () => {
        const vpc = res("awsx:ec2:Vpc", "vpc", {
            custom: false,
            remote: true,
            plainInputs: { availabilityZoneNames: ["a", "b", "c"], subnetSpecs: [{ type: "Private" }, { type: "Public" }], natGateways: { strategy: "OnePerAz" } },
        });
        const lt = res("aws:ec2/launchTemplate:LaunchTemplate", "lt", { plainInputs: { blockDeviceMappings: [{ ebs: { volumeSize: 50 } }] } });
        const ng = res("aws:eks/nodeGroup:NodeGroup", "ng", {
            dependencies: [lt.urn],
            plainInputs: { instanceTypes: ["m7i.large"], scalingConfig: { desiredSize: 2 } },
        });
        const cost = estimateMonthlyCost(
            [
                vpc,
                lt,
                ng,
                res("eks:index:Cluster", "eks", { custom: false, remote: true }),
                res("aws:kms/key:Key", "k"),
                res("aws:secretsmanager/secret:Secret", "s"),
                res("kubernetes:helm.sh/v3:Release", "traefik", { plainInputs: { chart: "traefik", values: {} } }),
            ],
            "eu-west-1",
        )!;
        const monthly = (prefix: string) => cost.items.find((i) => i.item.startsWith(prefix))?.monthlyUsd;
        expect(monthly("EKS control plane")).to.equal(73);
        expect(monthly("NAT gateways")).to.equal(105.12);
        expect(monthly("system nodes ng (2 x m7i.large)")).to.equal(164.1);
        expect(monthly("system node volumes ng (2 x 50 GiB gp3)")).to.equal(8.8);
        expect(monthly("Network Load Balancers")).to.equal(18.4);
        expect(monthly("NLB public IPv4")).to.equal(10.95);
        expect(monthly("KMS")).to.equal(1);
        expect(monthly("Secrets Manager")).to.equal(0.4);
        expect(cost.monthlyUsd).to.equal(Math.round(cost.items.reduce((s, i) => s + i.monthlyUsd, 0) * 100) / 100);
    });

    it("names an instance type it has no price for instead of pricing it at zero silently", () => {
        const cost = estimateMonthlyCost([res("aws:eks/nodeGroup:NodeGroup", "ng", { plainInputs: { instanceTypes: ["x9.huge"] } })], "eu-west-1")!;
        expect(cost.unpriced).to.have.length(1);
        expect(cost.unpriced[0]).to.include("x9.huge");
        expect(estimateMonthlyCost([], "ap-south-2")).to.equal(undefined);
    });
});
