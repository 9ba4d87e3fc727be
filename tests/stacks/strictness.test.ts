import { expect } from "chai";
import { minimal, parse, problemsOf } from "./config-fixtures.js";

/** The problems of a config, none when it parses. */
function problemsIfAny(config: Record<string, unknown>): string[] {
    try {
        parse(config);
        return [];
    } catch {
        return problemsOf(config);
    }
}

const devCluster = (cluster: Record<string, unknown>) => ({
    ...minimal("dev"),
    cluster: { endpoint: { publicAccessCidrs: ["203.0.113.0/24"] }, ...cluster },
});
const nodes = (over: Record<string, unknown>) => devCluster({ systemNodes: { instanceTypes: ["t3.large"], minSize: 1, desiredSize: 2, maxSize: 3, diskSizeGiB: 50, ...over } });
const integration = (over: Record<string, unknown>) => ({ name: "vendor", trustedAccountId: "444455556666", capabilities: { describeCluster: true }, ...over });

describe("config strictness: what AWS, EKS or Karpenter would refuse at deploy time", () => {
    it("refuses an unknown region naming aws:region, and more AZs than the region has", () => {
        expect(problemsOf(minimal("dev"), { region: "eu-west-9" })[0]).to.match(/^aws:region: "eu-west-9" is not a commercial AWS region this platform knows; use one of af-south-1, /);
        expect(problemsOf({ ...minimal("dev"), network: { azCount: 4, privateSubnetPrefix: 19 } }, { region: "eu-west-1" })).to.deep.equal([
            "network.azCount: 4 AZs requested but eu-west-1 has 3 (euw1-az1, euw1-az2, euw1-az3); set network.azCount to 3 or fewer",
        ]);
        expect(parse({ ...minimal("dev"), network: { azCount: 6, privateSubnetPrefix: 19 } }, { region: "us-east-1" }).network.azCount).to.equal(6);
    });

    it("caps system node counts at the EKS quota of 450 nodes per managed node group", () => {
        expect(problemsOf(nodes({ maxSize: 1e12 }))).to.include(
            "cluster.systemNodes.maxSize: must be at most 450: the EKS quota of nodes per managed node group (maxSize)",
        );
        // 450 itself is allowed (other checks, such as the pod-IP budget, may still have a say).
        expect(problemsIfAny(nodes({ maxSize: 450 })).filter((p) => p.startsWith("cluster.systemNodes."))).to.deep.equal([]);
    });

    it("keeps the Service CIDR inside the private ranges EKS accepts, /12 to /24", () => {
        expect(problemsOf(devCluster({ serviceCidr: "100.64.0.0/16" }))).to.deep.equal([
            "cluster.serviceCidr: 100.64.0.0/16 is not inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, as EKS requires; write e.g. 172.20.0.0/16",
        ]);
        expect(problemsOf(devCluster({ serviceCidr: "172.20.0.0/25" }))).to.deep.equal([
            "cluster.serviceCidr: a Service CIDR must be /12 to /24, got /25; write e.g. 172.20.0.0/16",
        ]);
        expect(problemsOf(devCluster({ serviceCidr: "10.0.0.0/11" }))[0]).to.include("must be /12 to /24, got /11");
        expect(parse(devCluster({ serviceCidr: "192.168.0.0/24" })).cluster.serviceCidr).to.equal("192.168.0.0/24");
    });

    it("allows at most 40 public endpoint CIDRs", () => {
        const cidrs = (n: number) => Array.from({ length: n }, (_, i) => `198.51.${i}.0/24`);
        expect(problemsOf(devCluster({ endpoint: { publicAccessCidrs: cidrs(41) } }))).to.deep.equal([
            "cluster.endpoint.publicAccessCidrs: must list at most 40 CIDRs (EKS's limit per cluster); merge neighbouring ranges",
        ]);
        expect(parse(devCluster({ endpoint: { publicAccessCidrs: cidrs(40) } })).cluster.endpoint.publicAccessCidrs).to.have.length(40);
    });

    it("refuses NodePool labels in the domains the Karpenter v1.14 NodePool CRD restricts", () => {
        const withLabels = (labels: Record<string, string>) => ({ ...minimal("dev"), karpenter: { nodePools: { spot: { labels } } } });
        const refused = ["kubernetes.io/hostname", "karpenter.sh/nodepool", "karpenter.sh/anything", "team.karpenter.sh/x", "karpenter.k8s.aws/foo"];
        for (const key of refused) {
            const problems = problemsOf(withLabels({ [key]: "a" }));
            expect(problems, key).to.have.length(1);
            expect(problems[0], key).to.include(`karpenter.nodePools.spot.labels["${key}"]: label`).and.include("is restricted by the Karpenter NodePool CRD");
        }
        const allowed = { "karpenter.sh/capacity-type": "spot", "karpenter.k8s.aws/instance-family": "m7i", "example.com/team": "a", "kubernetes.io/arch": "amd64" };
        expect(parse(withLabels(allowed)).karpenter.nodePools["spot"]!.labels).to.deep.equal(allowed);
    });

    it("wants a secrets KMS key in the stack's own region and partition", () => {
        expect(problemsOf(devCluster({ secretsKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/abcd" }))).to.deep.equal([
            "cluster.secretsKmsKeyArn: is a key in us-east-1 but the cluster runs in eu-west-1; EKS needs a key in its own region (arn:aws:kms:eu-west-1:...)",
        ]);
        expect(problemsOf(devCluster({ secretsKmsKeyArn: "arn:aws-cn:kms:eu-west-1:123456789012:key/abcd" }))[0]).to.include("is in the aws-cn partition");
        expect(parse(devCluster({ secretsKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/abcd" })).cluster.secretsKmsKeyArn).to.be.a("string");
    });

    it("checks instance types against the maintained EC2 list", () => {
        expect(problemsOf(nodes({ instanceTypes: ["t3.gigantic"] }))[0]).to.match(/^cluster\.systemNodes\.instanceTypes\[0\]: t3\.gigantic is not an EC2 instance type; t3 has e\.g\. t3\./);
        expect(problemsOf(nodes({ instanceTypes: ["zz9.large"] }))).to.deep.equal([
            "cluster.systemNodes.instanceTypes[0]: zz9.large is not an EC2 instance type; write one like m7i.large",
        ]);
        expect(parse(nodes({ instanceTypes: ["m7i.large", "c7i.xlarge", "t3.medium"] })).cluster.systemNodes.instanceTypes).to.have.length(3);
    });

    it("refuses a NodePool budget schedule the CRD's pattern refuses, under its config key", () => {
        const budget = (schedule: string) => ({ ...minimal("dev"), karpenter: { nodePools: { spot: { disruption: { budgets: [{ nodes: "10%", schedule, duration: "8h" }] } } } } });
        expect(problemsOf(budget("whenever"))).to.deep.equal([
            'karpenter.nodePools.spot.disruption.budgets[0].schedule: must be a cron schedule of five fields or a macro such as @daily, e.g. "0 9 * * mon-fri"',
        ]);
        expect(parse(budget("@daily")).karpenter.nodePools["spot"]!.disruption.budgets[0]!.schedule).to.equal("@daily");
    });

    it("says to quote what YAML reads as a number: a version, an account id", () => {
        expect(problemsOf(devCluster({ version: 1.36 }))).to.deep.equal([
            'cluster.version: must be one of the versions this platform is tested with: 1.34, 1.35, 1.36; YAML reads an unquoted 1.36 as a number: quote it, "1.36"',
        ]);
        const problems = problemsOf({ ...minimal("dev"), access: { integrations: [integration({ trustedAccountId: 444455556666 })] }, integrationExternalIds: { vendor: "vendor-external-id" } });
        expect(problems).to.deep.equal([
            'access.integrations[0].trustedAccountId: must be a string, got 444455556666; YAML reads an unquoted 444455556666 as a number: quote it, "444455556666"',
        ]);
    });

    it("reports cross-slice problems in the same round as field errors, each once", () => {
        const problems = problemsOf({
            ...minimal("dev"),
            network: { azCount: "three" },
            access: { integrations: [integration({ capabilities: { ecrPull: ["nope"] } }), integration({})] },
            integrationExternalIds: { vendor: "vendor-external-id", orphan: "orphan-external-id" },
        });
        expect(problems).to.include('network.azCount: must be a number, got "three"');
        expect(problems).to.include('access.integrations[1].name: "vendor" names two integrations; give each its own name');
        expect(problems.some((p) => p.startsWith('access.integrations[0].capabilities.ecrPull[0]: "nope" is not a repository'))).to.equal(true);
        expect(problems.some((p) => p.startsWith("integrationExternalIds.orphan: no integration is named"))).to.equal(true);
        expect(new Set(problems).size).to.equal(problems.length);
    });
});
