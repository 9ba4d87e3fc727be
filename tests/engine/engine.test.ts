import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { runStack, type StackRun } from "../../engine/engine.js";
import { resource } from "../helpers.js";
import { OFFLINE_SECRET_PLACEHOLDER, StackFileError } from "../../engine/stack-files.js";

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixture");

describe("mock engine", () => {
    let run: StackRun;
    before(async () => {
        run = await runStack({ stack: "test", projectDir: fixture });
    });

    it("records the root stack, components and custom resources with URNs and mocked ids", () => {
        expect(run.resources.map((r) => `${r.type} ${r.name}`)).to.deep.equal([
            "pulumi:pulumi:Stack engine-fixture-test",
            "fixture:index:Box box",
            "aws:kms/key:Key box-key",
            "aws:s3/bucket:Bucket box-bucket",
            "aws:cloudwatch/logGroup:LogGroup after-box",
        ]);
        const key = resource(run, "aws:kms/key:Key");
        expect(key.urn).to.equal("urn:pulumi:test::engine-fixture::fixture:index:Box$aws:kms/key:Key::box-key");
        expect(key.id).to.equal("mocked::aws:kms/key:Key::box-key");
        expect(resource(run, "fixture:index:Box").custom).to.equal(false);
    });

    it("records parents", () => {
        expect(resource(run, "aws:kms/key:Key").parent).to.equal(resource(run, "fixture:index:Box").urn);
        expect(resource(run, "fixture:index:Box").parent).to.equal(run.resources[0]!.urn);
    });

    it("records dependencies through inputs as property dependencies, and dependsOn as explicit ones", () => {
        const key = resource(run, "aws:kms/key:Key");
        const bucket = resource(run, "aws:s3/bucket:Bucket");
        expect(bucket.propertyDependencies["tags"]).to.deep.equal([key.urn]);
        expect(bucket.dependencies).to.include(key.urn);
        expect(bucket.explicitDependencies).to.deep.equal([]);
        const log = resource(run, "aws:cloudwatch/logGroup:LogGroup");
        // dependsOn a component means depending on the custom resources under it.
        expect(log.explicitDependencies).to.have.members([key.urn, bucket.urn]);
    });

    it("records protect, retainOnDelete, deleteBeforeReplace and ignoreChanges", () => {
        expect(resource(run, "aws:kms/key:Key")).to.include({ protect: true, retainOnDelete: true, deleteBeforeReplace: false });
        const bucket = resource(run, "aws:s3/bucket:Bucket");
        expect(bucket).to.include({ protect: false, deleteBeforeReplace: true });
        expect(bucket.ignoreChanges).to.deep.equal(["tags"]);
    });

    it("captures stack outputs, keeping secrets marked as secrets", () => {
        expect(run.outputs["bucketArn"]).to.equal("arn:aws:s3:us-east-2:123456789012:bucket/box-bucket-" + run.outputs["bucketArn"]!.toString().slice(-7));
        expect(run.outputs["apiKey"]).to.deep.equal({ secret: true, value: OFFLINE_SECRET_PLACEHOLDER });
        expect(run.secretConfigKeys).to.deep.equal(["engine-fixture:apiKey"]);
    });

    it("applies Pulumi.yaml defaults to undeclared keys", () => {
        expect(run.config["engine-fixture:mode"]).to.equal("normal");
    });

    it("fails a run that calls a data source without a mock, naming its token", async () => {
        try {
            await runStack({ stack: "test", projectDir: fixture, configOverrides: { "engine-fixture:mode": "unmocked" } });
            expect.fail("expected the run to fail");
        } catch (err) {
            expect(String((err as Error).message)).to.contain("no mock for invoke aws:ec2/getVpc:getVpc");
        }
    });

    it("fails, rather than hangs, when a data source without a mock is called inside an apply", async () => {
        try {
            await runStack({ stack: "test", projectDir: fixture, configOverrides: { "engine-fixture:mode": "unmocked-in-apply" } });
            expect.fail("expected the run to fail");
        } catch (err) {
            expect(String((err as Error).message)).to.contain("no mock for invoke aws:ec2/getVpc:getVpc");
        }
    });

    it("refuses an unknown stack and a stack missing a required key", async () => {
        try {
            await runStack({ stack: "nope", projectDir: fixture });
            expect.fail("expected the run to fail");
        } catch (err) {
            expect(err).to.be.instanceOf(StackFileError);
            expect((err as Error).message).to.equal('unknown stack "nope": there is no Pulumi.nope.yaml (stacks: test)');
        }
        try {
            await runStack({ stack: "test", projectDir: fixture, configOverrides: { "engine-fixture:required": null } });
            expect.fail("expected the run to fail");
        } catch (err) {
            expect((err as Error).message).to.equal(
                "Pulumi.test.yaml is missing the required config key engine-fixture:required; run `pulumi config set required <value> --stack test`",
            );
        }
    });
});
