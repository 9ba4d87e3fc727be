import { expect } from "chai";
import { ConfigError } from "../../stacks/config.js";
import { configSource, minimal, parse, problemsOf } from "./config-fixtures.js";


describe("stack config", () => {
    describe("tier defaults", () => {
        it("dev gets one NAT gateway, 30-day logs, no protection and a public endpoint", () => {
            const config = parse(minimal("dev"));
            expect(config.network.natGateways).to.equal("single");
            expect(config.network.flowLogs.retentionDays).to.equal(30);
            expect(config.cluster.logRetentionDays).to.equal(30);
            expect(config.protect).to.equal(false);
            expect(config.cluster.deletionProtection).to.equal(false);
            expect(config.cluster.endpoint.publicAccess).to.equal(true);
        });

        it("prod gets a NAT gateway per AZ, a private endpoint, protection and a year of logs", () => {
            const config = parse(minimal("prod"));
            expect(config.network.natGateways).to.equal("onePerAz");
            expect(config.network.flowLogs.retentionDays).to.equal(365);
            expect(config.protect).to.equal(true);
            expect(config.cluster.deletionProtection).to.equal(true);
            expect(config.cluster.endpoint.publicAccess).to.equal(false);
        });

        it("stack values override tier defaults key by key, not whole objects", () => {
            const config = parse({ tier: "prod", network: { natGateways: "single" } });
            expect(config.network.natGateways).to.equal("single");
            expect(config.network.azCount).to.equal(3);
            expect(config.network.flowLogs.retentionDays).to.equal(365);
        });

        it("names the cluster after the stack unless told otherwise", () => {
            expect(parse(minimal("prod"), { stack: "prod" }).cluster.name).to.equal("eks-prod");
        });

        it("puts the standard tags under the configured ones", () => {
            const config = parse({ ...minimal("dev"), tags: { Owner: "team-a" } }, { stack: "dev" });
            expect(config.defaultTags).to.deep.equal({
                Project: "eks-platform",
                Stack: "dev",
                Tier: "dev",
                ManagedBy: "pulumi",
                Owner: "team-a",
            });
        });
    });

    describe("bad config is one error naming every bad key", () => {
        it("a wrong type", () => {
            expect(problemsOf({ ...minimal("dev"), network: { azCount: "three" } })).to.deep.equal([
                'network.azCount: must be a number, got "three"',
            ]);
        });

        it("an unknown top-level key", () => {
            expect(problemsOf({ ...minimal("dev"), netwrok: { azCount: 3 } })).to.deep.equal([
                "netwrok: is not a known key; remove it or fix its spelling (README.md#configuration lists every key)",
            ]);
        });

        it("an unknown nested key", () => {
            expect(problemsOf({ ...minimal("dev"), network: { natgateways: "single" } })[0]).to.match(/^network\.natgateways: is not a known key/);
        });

        it("a CIDR that does not parse, and one with host bits set", () => {
            expect(problemsOf({ ...minimal("dev"), network: { cidr: "10.0.0.0/33" } })).to.deep.equal([
                'network.cidr: "10.0.0.0/33" has a prefix above /32',
            ]);
            expect(problemsOf({ ...minimal("dev"), network: { cidr: "10.0.1.0/16" } })).to.deep.equal([
                'network.cidr: "10.0.1.0/16" has host bits set; the network address is 10.0.0.0/16',
            ]);
        });

        it("a Service CIDR that overlaps the VPC", () => {
            expect(problemsOf({ ...minimal("dev"), cluster: { ...(minimal("dev")["cluster"] as object), serviceCidr: "10.0.128.0/20" } })).to.deep.equal([
                "cluster.serviceCidr: 10.0.128.0/20 overlaps the VPC 10.0.0.0/16; pick a Service CIDR outside the VPC (e.g. 172.20.0.0/16)",
            ]);
        });

        it("fewer than two AZs", () => {
            expect(problemsOf({ ...minimal("dev"), network: { azCount: 1 } })).to.deep.equal([
                "network.azCount: must be at least 2: EKS needs subnets in two AZs",
            ]);
        });

        it("a prod public endpoint open to 0.0.0.0/0", () => {
            expect(problemsOf({ tier: "prod", cluster: { endpoint: { publicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] } } })).to.deep.equal([
                "cluster.endpoint.publicAccessCidrs: 0.0.0.0/0 is not allowed in prod; list your office/VPN CIDRs or set cluster.endpoint.publicAccess to false",
            ]);
        });

        it("a public endpoint without an allowlist", () => {
            expect(problemsOf({ tier: "dev" })).to.deep.equal([
                "cluster.endpoint.publicAccessCidrs: a public endpoint needs an allowlist (EKS would open it to 0.0.0.0/0); list your office/VPN CIDRs or set cluster.endpoint.publicAccess to false",
            ]);
        });

        it("an unknown tier", () => {
            expect(problemsOf({ tier: "staging" })).to.include('tier: must be one of "dev", "prod", got "staging"');
        });

        it("a missing tier", () => {
            expect(problemsOf({})).to.include('tier: is required: set one of "dev", "prod"');
        });

        it("no AWS region", () => {
            expect(problemsOf(minimal("dev"), { region: null })).to.deep.equal([
                "aws:region: is required; run `pulumi config set aws:region eu-west-1` (your region)",
            ]);
        });

        it("a flow-log retention CloudWatch does not offer", () => {
            expect(problemsOf({ ...minimal("dev"), network: { flowLogs: { retentionDays: 45 } } })[0]).to.match(
                /^network\.flowLogs\.retentionDays: 45 is not a CloudWatch Logs retention period; use one of 1, 3, 5/,
            );
        });

        it("subnets that do not fit in the VPC", () => {
            expect(problemsOf({ ...minimal("dev"), network: { cidr: "10.0.0.0/20" } })).to.deep.equal([
                "network.privateSubnetPrefix: 2 private /18 and 2 public /24 subnets do not fit in 10.0.0.0/20; use a larger network.cidr or longer subnet prefixes",
            ]);
        });

        it("prod private subnets too small for 45,000 pod IPs", () => {
            expect(problemsOf({ tier: "prod", network: { privateSubnetPrefix: 20 } })).to.deep.equal([
                "network.privateSubnetPrefix: prod needs at least 45000 private IPs for pods; 3 x /20 gives 12273; use a shorter prefix (e.g. 18) or more AZs",
                "karpenter.nodePools: at their limits the NodePools can launch 256 nodes taking 33540 pod IPs (129 per node at maxPods 110), more than 80% of the 12273 private addresses; lower limits.cpu, raise minVcpu, or widen network.privateSubnetPrefix",
            ]);
        });

        it("a system node group whose minimum is above its maximum", () => {
            expect(problemsOf({ tier: "prod", cluster: { systemNodes: { minSize: 5, maxSize: 3 } } })).to.deep.equal([
                "cluster.systemNodes.minSize: minSize 5 is above maxSize 3; lower minSize or raise maxSize",
            ]);
        });

        it("a Kubernetes version outside the supported list", () => {
            expect(problemsOf({ tier: "prod", cluster: { version: "1.20" } })[0]).to.match(
                /^cluster\.version: must be one of the versions this platform is tested with: 1\.\d+/,
            );
        });

        it("a tag key AWS reserves", () => {
            expect(problemsOf({ tier: "prod", tags: { "aws:owner": "x" } })[0]).to.match(/^tags\.aws:owner: "aws:owner" is not a valid AWS tag key/);
        });

        it("lists every bad key of a config at once", () => {
            const problems = problemsOf({ tier: "prod", network: { azCount: 1, cidr: "nope" }, cluster: { version: 1.3 }, extra: true });
            expect(problems.map((p) => p.split(":")[0])).to.have.members(["network.azCount", "network.cidr", "cluster.version", "extra"]);
        });

        it("prints as one message with the stack name, without a stack trace", () => {
            try {
                parse({ ...minimal("dev"), network: { azCount: 1 } }, { stack: "dev" });
                expect.fail("expected a ConfigError");
            } catch (err) {
                const error = err as ConfigError;
                expect(error.message).to.equal(
                    'Stack "dev" has invalid config (keys are under eks-platform:, see README.md#configuration):\n' +
                        "  - network.azCount: must be at least 2: EKS needs subnets in two AZs",
                );
                // The Pulumi CLI prints RunErrors as their message alone.
                expect((error as unknown as { __pulumiRunError: boolean }).__pulumiRunError).to.equal(true);
            }
        });
    });

    it("reads objects JSON-encoded and scalars as plain strings, as Pulumi stores them", () => {
        const source = configSource({ tier: "prod", network: { azCount: 2 } });
        expect(source.values["eks-platform:tier"]).to.equal("prod");
        expect(source.values["eks-platform:network"]).to.equal('{"azCount":2}');
    });
});
