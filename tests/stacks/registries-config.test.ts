import { expect } from "chai";
import { minimal, parse, problemsOf } from "./config-fixtures.js";


const withRegistries = (registries: Record<string, unknown>, tier: "dev" | "prod" = "dev") => ({ ...minimal(tier), registries });

describe("registries config", () => {
    it("dev keeps 30 tagged images and 7 days of untagged ones and may force-delete; prod keeps 100 and 14 and may not", () => {
        expect(parse(minimal("dev")).registries).to.deep.equal({
            repositories: [],
            lifecycle: { keepTaggedImages: 30, untaggedExpiryDays: 7 },
            forceDelete: true,
            pullAccountIds: [],
        });
        expect(parse(minimal("prod")).registries).to.deep.include({ lifecycle: { keepTaggedImages: 100, untaggedExpiryDays: 14 }, forceDelete: false });
    });

    it("reads bare names as stateful repositories and the object form as written", () => {
        const config = parse(withRegistries({ repositories: ["rabbitmq", { name: "cache", stateful: false }] }));
        expect(config.registries.repositories).to.deep.equal([
            { name: "rabbitmq", stateful: true },
            { name: "cache", stateful: false },
        ]);
    });

    it("duplicate repository names, also once the prefix and satellite id are filled in", () => {
        expect(problemsOf(withRegistries({ repositories: ["rabbitmq", "codex-install", "rabbitmq"] }))).to.deep.equal([
            'registries.repositories[2].name: "rabbitmq" is listed twice (also registries.repositories[0]); remove one of them',
        ]);
        expect(problemsOf(withRegistries({ prefix: "acme", satelliteId: "eu1", repositories: ["satellite-{satelliteId}", "satellite-eu1"] }))).to.deep.equal([
            'registries.repositories[1].name: "acme/satellite-eu1" is listed twice (also registries.repositories[0]); remove one of them',
        ]);
    });

    it("a name ECR would refuse", () => {
        expect(problemsOf(withRegistries({ repositories: ["Execution_Engine"] }))).to.deep.equal([
            'registries.repositories[0].name: "Execution_Engine" is not an ECR repository name; use 2-256 lowercase letters, digits and . _ - / (e.g. execution-engine)',
        ]);
    });

    it("{satelliteId} without registries.satelliteId", () => {
        expect(problemsOf(withRegistries({ repositories: ["satellite-{satelliteId}"] }))).to.deep.equal([
            'registries.repositories[0].name: "satellite-{satelliteId}" uses {satelliteId} but registries.satelliteId is not set; set it (e.g. eu1) or write the name out',
        ]);
    });

    it("forceDelete in prod", () => {
        expect(problemsOf(withRegistries({ forceDelete: true }, "prod"))).to.deep.equal([
            "registries.forceDelete: must be false in prod: a destroy must not delete images; remove the key (prod defaults to false)",
        ]);
    });

    it("a pull account that is not an account id", () => {
        expect(problemsOf(withRegistries({ pullAccountIds: ["arn:aws:iam::111122223333:root"] }))).to.deep.equal([
            'registries.pullAccountIds[0]: must be a 12-digit AWS account id like 111122223333',
        ]);
    });

    it("a lifecycle that keeps no tagged image", () => {
        expect(problemsOf(withRegistries({ lifecycle: { keepTaggedImages: 0, untaggedExpiryDays: 7 } }))).to.deep.equal([
            "registries.lifecycle.keepTaggedImages: must be at least 1, got 0",
        ]);
    });
});
