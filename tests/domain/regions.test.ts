import { expect } from "chai";
import { availabilityZoneNames, REGIONS, regionFacts, regionProblem } from "../../domain/regions.js";
import { buildPlan, type Plan } from "../../tools/plan/model.js";
import { resource } from "../helpers.js";
import { runStack, type StackRun } from "../../engine/engine.js";

/** The regions planned below: every one of the table. */
const PLANNED = Object.keys(REGIONS);

describe("region tables (domain/regions.ts)", () => {
    it("knows every commercial region EKS runs in, each with its own AZ ids and ELB hosted zones", () => {
        expect(PLANNED).to.have.length(32);
        const seen = new Set<string>();
        for (const [region, facts] of Object.entries(REGIONS)) {
            expect(facts.zoneIds.length, region).to.be.at.least(2);
            for (const id of [...facts.zoneIds, facts.albHostedZoneId, facts.nlbHostedZoneId]) {
                expect(seen.has(id), `${region}: ${id} appears twice`).to.equal(false);
                seen.add(id);
            }
            // AZ ids are <first letters of the region's parts><number>-az<n>: use1-az1 for us-east-1.
            const [area = "", direction = "", number = ""] = region.split("-");
            const short = direction === "southeast" || direction === "northeast" ? `${area}${direction[0]}${direction.slice(5, 6)}` : `${area}${direction[0]}`;
            for (const id of facts.zoneIds) expect(id, region).to.match(new RegExp(`^${short}${number}-az\\d$`));
            expect(facts.albHostedZoneId, region).to.match(/^Z[0-9A-Z]{8,25}$/);
            expect(facts.nlbHostedZoneId, region).to.match(/^Z[0-9A-Z]{8,25}$/);
        }
    });

    it("pins the facts the issue reports were wrong: six AZs in us-east-1, ELB zones in ap-southeast-2", () => {
        expect(regionFacts("us-east-1")!.zoneIds).to.deep.equal(["use1-az1", "use1-az2", "use1-az3", "use1-az4", "use1-az5", "use1-az6"]);
        expect(regionFacts("ap-southeast-2")).to.include({ albHostedZoneId: "Z1GM3OXH4ZPM65", nlbHostedZoneId: "ZCT6FZBF4DROD" });
        expect(regionFacts("eu-west-1")).to.include({ albHostedZoneId: "Z32O12XQLNTSW2", nlbHostedZoneId: "Z2IFOLAFXWLO4F" });
        expect(regionFacts("us-west-1")!.zoneIds).to.deep.equal(["usw1-az1", "usw1-az3"]);
        expect(availabilityZoneNames("us-west-1")).to.deep.equal(["us-west-1a", "us-west-1b"]);
    });

    it("refuses regions it does not know, naming the known ones", () => {
        for (const region of ["eu-west-9", "us-gov-west-1", "cn-north-1", "toString", ""]) expect(regionProblem(region), region).to.include("is not a commercial AWS region");
        expect(regionProblem("eu-central-2")).to.equal(undefined);
    });
});

/** The default dev config with as many AZs as the region has; more than three need a /19 per AZ to fit the /16. */
function devIn(region: string): Record<string, unknown> {
    const azCount = Math.min(REGIONS[region]!.zoneIds.length, 6);
    return { "aws:region": region, "eks-platform:network": azCount > 3 ? { azCount, privateSubnetPrefix: 19 } : { azCount } };
}

describe(`the dev stack planned in every region of the table (${PLANNED.length}), at each region's AZ count`, () => {
    const runs = new Map<string, StackRun>();
    const plans = new Map<string, Plan>();
    before(async function () {
        // Each region runs the whole program in-process (about 0.2 s of CPU each) and builds its plan;
        // the policy packs do not depend on the region and are checked per stack in tests/tools.
        this.timeout(120_000);
        for (const region of PLANNED) {
            const run = await runStack({ stack: "dev", configOverrides: devIn(region) });
            runs.set(region, run);
            plans.set(region, buildPlan({ run, policy: { available: false, reason: "checked per stack, not per region" }, costByStack: [] }));
        }
    });

    it("plans every region: the VPC spans all its AZs and the deploy-time estimate runs", () => {
        for (const region of PLANNED) {
            const plan = plans.get(region)!;
            const facts = REGIONS[region]!;
            expect(plan.region, region).to.equal(region);
            expect(plan.deployTime.criticalPathSeconds, region).to.be.greaterThan(0);
            const vpc = plan.groups.flatMap((g) => g.resources).find((r) => r.type === "awsx:ec2:Vpc");
            expect(vpc, region).to.not.equal(undefined);
            expect(plan.outputs.find((o) => o.key === "availabilityZones")?.value, region).to.deep.equal(
                availabilityZoneNames(region).slice(0, Math.min(facts.zoneIds.length, 6)),
            );
        }
    });

    it("points the ingress alias records at the region's NLB hosted zone", () => {
        for (const region of PLANNED) {
            const run = runs.get(region)!;
            const records = run.resources.filter((r) => r.type === "aws:route53/record:Record" && r.plainInputs["aliases"]);
            expect(records, region).to.not.be.empty;
            for (const r of records) {
                const aliases = r.plainInputs["aliases"] as { zoneId: string }[];
                expect(aliases.map((a) => a.zoneId), region).to.deep.equal([REGIONS[region]!.nlbHostedZoneId]);
            }
            expect(resource(run, "awsx:ec2:Vpc", "network-vpc").plainInputs["availabilityZoneNames"], region).to.have.length(Math.min(REGIONS[region]!.zoneIds.length, 6));
        }
    });
});
