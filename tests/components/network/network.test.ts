import { expect } from "chai";
import { runStack, type StackRun } from "../../../engine/engine.js";
import { committedRuns } from "../../stack-runs.js";
import { jsonInput, resource, resources } from "../../helpers.js";

describe("Network component (both stacks under the mock engine)", () => {
    let dev: StackRun;
    let prod: StackRun;
    before(async () => ([dev, prod] = await committedRuns()));

    const vpc = (run: StackRun) => resource(run, "awsx:ec2:Vpc", "network-vpc");
    const spec = (run: StackRun, type: string) =>
        (vpc(run).plainInputs["subnetSpecs"] as { type: string; cidrBlocks: string[]; tags: Record<string, string> }[]).find((s) => s.type === type)!;

    it("spreads prod's VPC over three AZs and dev's over two, with DNS hostnames and support on", () => {
        expect(vpc(prod).plainInputs["availabilityZoneNames"]).to.deep.equal(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
        expect(vpc(dev).plainInputs["availabilityZoneNames"]).to.deep.equal(["eu-west-1a", "eu-west-1b"]);
        for (const run of [dev, prod]) {
            expect(vpc(run).plainInputs["enableDnsHostnames"]).to.equal(true);
            expect(vpc(run).plainInputs["enableDnsSupport"]).to.equal(true);
        }
    });

    it("gives every AZ a /18 private and a /24 public subnet", () => {
        for (const [run, azs] of [[dev, 2], [prod, 3]] as const) {
            expect(spec(run, "Private").cidrBlocks.map((c) => c.split("/")[1])).to.deep.equal(Array(azs).fill("18"));
            expect(spec(run, "Public").cidrBlocks.map((c) => c.split("/")[1])).to.deep.equal(Array(azs).fill("24"));
        }
        expect(spec(prod, "Private").cidrBlocks).to.deep.equal(["10.10.0.0/18", "10.10.64.0/18", "10.10.128.0/18"]);
    });

    it("tags subnets for load balancers, the cluster and Karpenter discovery", () => {
        expect(spec(prod, "Public").tags).to.include({ "kubernetes.io/role/elb": "1", "kubernetes.io/cluster/eks-prod": "shared" });
        expect(spec(prod, "Private").tags).to.include({
            "kubernetes.io/role/internal-elb": "1",
            "karpenter.sh/discovery": "eks-prod",
            "kubernetes.io/cluster/eks-prod": "shared",
        });
        expect(spec(prod, "Public").tags).to.not.have.property("karpenter.sh/discovery");
    });

    it("dev has one NAT gateway; prod puts one in each AZ", () => {
        const gateways = (run: StackRun) => resources(run, "aws:ec2/natGateway:NatGateway");
        expect(gateways(dev).map((g) => g.plainInputs["subnetId"])).to.deep.equal(["mocked::aws:ec2/subnet:Subnet::network-vpc-public-1"]);
        expect(gateways(prod).map((g) => g.plainInputs["subnetId"])).to.deep.equal([1, 2, 3].map((i) => `mocked::aws:ec2/subnet:Subnet::network-vpc-public-${i}`));
        for (const g of gateways(prod)) expect(g.plainInputs["connectivityType"]).to.equal("public");
        expect(resources(prod, "aws:ec2/eip:Eip")).to.have.length(3);
    });

    it("routes each private subnet to the internet through its own AZ's NAT gateway in prod, the one gateway in dev", () => {
        const routes = (run: StackRun) => resources(run, "aws:ec2/route:Route").filter((r) => r.name.startsWith("network-private-"));
        const gatewayIds = (run: StackRun) => resources(run, "aws:ec2/natGateway:NatGateway").map((g) => g.id);
        expect(routes(prod).map((r) => r.plainInputs["natGatewayId"])).to.deep.equal(gatewayIds(prod));
        expect(routes(dev).map((r) => r.plainInputs["natGatewayId"])).to.deep.equal(Array(2).fill(gatewayIds(dev)[0]));
        for (const r of routes(prod)) {
            expect(r.plainInputs["destinationCidrBlock"]).to.equal("0.0.0.0/0");
            expect(r.plainInputs["routeTableId"]).to.match(/^rtb-[0-9a-f]{17}$/);
        }
    });

    it("leaves NAT out of the VPC component so its subnet ids, and the control plane, need not wait for it", () => {
        expect(vpc(prod).plainInputs["natGateways"]).to.deep.equal({ strategy: "None" });
    });

    it("sends all VPC traffic in prod, and rejected traffic in dev, to a CloudWatch log group kept 365 and 30 days", () => {
        expect(resource(dev, "aws:ec2/flowLog:FlowLog", "network-flow-logs").plainInputs["trafficType"]).to.equal("REJECT");
        expect(resource(dev, "aws:cloudwatch/logGroup:LogGroup", "network-flow-logs").plainInputs["retentionInDays"]).to.equal(30);
        expect(resource(prod, "aws:cloudwatch/logGroup:LogGroup", "network-flow-logs").plainInputs["retentionInDays"]).to.equal(365);
        const flowLog = resource(prod, "aws:ec2/flowLog:FlowLog", "network-flow-logs");
        expect(flowLog.plainInputs).to.include({
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            vpcId: "mocked::aws:ec2/vpc:Vpc::network-vpc",
        });
        expect(flowLog.plainInputs["logDestination"]).to.equal("arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vpc/eks-prod/flow-logs");
    });

    it("lets only the flow-logs service of this account assume the flow-log role, writing to its one log group", () => {
        const trust = jsonInput(resource(prod, "aws:iam/role:Role", "network-flow-logs"), "assumeRolePolicy");
        expect(trust.Statement).to.deep.equal([
            {
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": "123456789012" },
                    ArnLike: { "aws:SourceArn": "arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*" },
                },
            },
        ]);
        const policy = jsonInput(resource(prod, "aws:iam/rolePolicy:RolePolicy", "network-flow-logs"), "policy");
        expect(policy.Statement[0].Resource).to.deep.equal([
            "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vpc/eks-prod/flow-logs",
            "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vpc/eks-prod/flow-logs:*",
        ]);
    });

    it("exports the VPC id, subnet ids by kind, AZs and CIDR", () => {
        expect(prod.outputs).to.include({ vpcId: "mocked::aws:ec2/vpc:Vpc::network-vpc", vpcCidr: "10.10.0.0/16" });
        expect(prod.outputs["privateSubnetIds"]).to.have.length(3);
        expect(prod.outputs["publicSubnetIds"]).to.have.length(3);
        expect(prod.outputs["availabilityZones"]).to.deep.equal(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
    });

    it("fails with the config key named when the region has fewer AZs than asked for", async () => {
        try {
            await runStack({ stack: "dev", configOverrides: { "eks-platform:network": { azCount: 4, privateSubnetPrefix: 19 } } });
            expect.fail("expected the run to fail");
        } catch (err) {
            // Config validation knows the region's AZs (domain/regions.ts), before any resource.
            expect((err as Error).message).to.include(
                "network.azCount: 4 AZs requested but eu-west-1 has 3 (euw1-az1, euw1-az2, euw1-az3); set network.azCount to 3 or fewer",
            );
        }
    });
});
