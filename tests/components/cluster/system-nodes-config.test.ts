import { expect } from "chai";
import { isArm64InstanceType } from "../../../stacks/schema/cluster.js";
import { minimal, parse, problemsOf } from "../../stacks/config-fixtures.js";

describe("cluster.systemNodes.instanceTypes against the system nodes' x86_64 AMI", () => {
    it("tells Graviton families from x86_64 ones", () => {
        for (const arm of ["m7g.large", "c7gn.xlarge", "r6gd.large", "t4g.medium", "x2gd.large", "im4gn.large", "is4gen.large", "g5g.xlarge", "a1.large", "m8g.large"]) {
            expect(isArm64InstanceType(arm), arm).to.equal(true);
        }
        for (const x86 of ["m7i.large", "t3.large", "m7i-flex.large", "c6in.large", "g4dn.xlarge", "inf2.xlarge", "x2iedn.xlarge", "m7a.large", "u-6tb1.56xlarge"]) {
            expect(isArm64InstanceType(x86), x86).to.equal(false);
        }
    });

    it("rejects a Graviton type, naming it and what to write instead", () => {
        expect(problemsOf({ tier: "prod", cluster: { systemNodes: { instanceTypes: ["m7i.large", "m7g.large"] } } })).to.deep.equal([
            "cluster.systemNodes.instanceTypes[1]: m7g.large is a Graviton (arm64) type and the system nodes run the x86_64 AL2023 AMI; use x86_64 types such as m7i.large",
        ]);
    });

    it("accepts the tier defaults", () => {
        expect(parse(minimal("prod")).cluster.systemNodes.instanceTypes).to.deep.equal(["m7i.large"]);
        expect(parse(minimal("dev")).cluster.systemNodes.instanceTypes).to.deep.equal(["t3.medium", "t3a.medium"]);
    });
});
