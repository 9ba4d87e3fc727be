import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, parsePlatformConfig } from "../../stacks/config.js";
import { configSource, minimal, parse, problemsOf } from "./config-fixtures.js";

const ADMINS = "arn:aws:iam::123456789012:role/platform-admins";
const none = {};


const withEntries = (...entries: unknown[]) => ({ ...minimal("dev"), access: { entries } });
const integration = (overrides: Record<string, unknown> = {}) => ({
    name: "vendor",
    trustedAccountId: "444455556666",
    capabilities: { describeCluster: true },
    ...overrides,
});
const withIntegration = (overrides: Record<string, unknown> = {}, externalIds: unknown = { vendor: "vendor-issued-id" }) => ({
    ...minimal("dev"),
    access: { integrations: [integration(overrides)] },
    integrationExternalIds: externalIds,
});

describe("access config", () => {
    it("defaults to no entries and no integrations", () => {
        const config = parse(minimal("prod"));
        expect(config.access).to.deep.equal({ entries: [], integrations: [] });
        expect(config.integrationExternalIds).to.deep.equal({});
    });

    it("fills an integration's defaults: no capabilities and no Kubernetes access", () => {
        const config = parse({ ...withIntegration(), access: { integrations: [{ name: "vendor", trustedAccountId: "444455556666", capabilities: none }] } });
        expect(config.access.integrations[0]).to.deep.equal({
            name: "vendor",
            trustedAccountId: "444455556666",
            capabilities: { ecrPull: [], ecrPush: [], describeCluster: false, sesSendFrom: [], bearerTokenServices: [] },
            access: { level: "none" },
        });
    });

    it("hands external IDs over only as Pulumi secrets", async () => {
        const ids = parse(withIntegration()).integrationExternalIds;
        expect(Object.keys(ids)).to.deep.equal(["vendor"]);
        expect(pulumi.Output.isInstance(ids["vendor"])).to.equal(true);
        expect(await pulumi.isSecret(ids["vendor"]!)).to.equal(true);
    });

    describe("bad entries are errors naming the entry", () => {
        it("a malformed ARN", () => {
            expect(problemsOf(withEntries({ principalArn: "arn:aws:iam::1234:role/admins", level: "admin" }))).to.deep.equal([
                'access.entries[0].principalArn: "arn:aws:iam::1234:role/admins" is not an IAM role or user ARN; write it like arn:aws:iam::123456789012:role/platform-admins',
            ]);
            // An assumed-role session is not a principal an access entry can take.
            expect(problemsOf(withEntries({ principalArn: "arn:aws:sts::123456789012:assumed-role/admins/me", level: "admin" }))[0]).to.match(
                /^access\.entries\[0\]\.principalArn: .* is not an IAM role or user ARN/,
            );
        });

        it("an unknown level", () => {
            expect(problemsOf(withEntries({ principalArn: ADMINS, level: "owner" }))).to.deep.equal([
                `access.entries[0].level: "owner" is not an access level (entry for ${ADMINS}); write one of admin, edit, view, groups`,
            ]);
        });

        it("namespace scope without namespaces (edit and view default to namespace scope)", () => {
            const message = `access.entries[0].namespaces: namespace scope needs namespaces (entry for ${ADMINS}); list them under namespaces, or set scope: cluster`;
            expect(problemsOf(withEntries({ principalArn: ADMINS, level: "edit" }))).to.deep.equal([message]);
            expect(problemsOf(withEntries({ principalArn: ADMINS, level: "view", scope: "namespace", namespaces: [] }))).to.deep.equal([message]);
        });

        it("namespaces on a cluster-scoped or admin entry", () => {
            expect(problemsOf(withEntries({ principalArn: ADMINS, level: "view", scope: "cluster", namespaces: ["a"] }))).to.deep.equal([
                `access.entries[0].namespaces: cluster scope takes no namespaces (entry for ${ADMINS}); remove them or set scope: namespace`,
            ]);
            expect(problemsOf(withEntries({ principalArn: ADMINS, level: "admin", namespaces: ["a"] }))).to.deep.equal([
                `access.entries[0].namespaces: admin is cluster-wide (entry for ${ADMINS}); remove scope/namespaces, or use level edit with namespaces`,
            ]);
        });

        it("a namespace name Kubernetes would refuse", () => {
            expect(problemsOf(withEntries({ principalArn: ADMINS, level: "edit", namespaces: ["Payments"] }))).to.deep.equal([
                `access.entries[0].namespaces[0]: "Payments" is not a namespace name (entry for ${ADMINS}); use lowercase letters, digits and -`,
            ]);
        });

        it("a groups entry without groups, or with a system: group", () => {
            expect(problemsOf(withEntries({ principalArn: ADMINS, level: "groups" }))).to.deep.equal([
                `access.entries[0].groups: a groups entry needs groups (entry for ${ADMINS}); list the Kubernetes groups its RBAC binds`,
            ]);
            expect(problemsOf(withEntries({ principalArn: ADMINS, level: "groups", groups: ["system:masters"] }))).to.deep.equal([
                `access.entries[0].groups[0]: "system:masters" is a Kubernetes system group (entry for ${ADMINS}); use level admin for cluster admin, or a group of your own`,
            ]);
        });

        it("two entries for one principal", () => {
            expect(problemsOf(withEntries({ principalArn: ADMINS, level: "admin" }, { principalArn: ADMINS, level: "view", scope: "cluster" }))).to.deep.equal([
                `access.entries[1].principalArn: ${ADMINS} already has access.entries[0]; EKS allows one access entry per principal: merge the two`,
            ]);
        });

        it("an entry for a cluster admin or the preview role, which have theirs from the cluster", () => {
            const cluster = { ...(minimal("dev")["cluster"] as object), admins: ["role/platform-admins"], previewRole: "role/github-preview" };
            const config = {
                ...withEntries({ principalArn: ADMINS, level: "view", scope: "cluster" }, { principalArn: "arn:aws:iam::123456789012:role/github-preview", level: "view", scope: "cluster" }),
                cluster,
            };
            expect(problemsOf(config)).to.deep.equal([
                `access.entries[0].principalArn: ${ADMINS} is cluster.admins[0], which already has its access entry (EKS allows one per principal); remove this entry`,
                "access.entries[1].principalArn: arn:aws:iam::123456789012:role/github-preview is cluster.previewRole, which already has its access entry (EKS allows one per principal); remove this entry",
            ]);
        });
    });

    describe("bad integrations", () => {
        it("no external ID: names the integration and the command that sets one", () => {
            expect(problemsOf(withIntegration({}, {}), { stack: "dev" })).to.deep.equal([
                `integrationExternalIds.vendor: integration "vendor" has no external ID; run \`pulumi config set --secret --path 'integrationExternalIds.vendor' <the external ID the vendor gave you> --stack dev\``,
            ]);
        });

        it("an external ID stored in plain text", () => {
            const source = configSource(withIntegration(), { stack: "dev" });
            try {
                parsePlatformConfig({ ...source, secretKeys: [] });
                expect.fail("expected a ConfigError");
            } catch (err) {
                expect((err as ConfigError).problems.map((p) => `${p.key}: ${p.message}`)).to.deep.equal([
                    `integrationExternalIds: is stored in plain text; remove it and set each ID as a secret: \`pulumi config set --secret --path 'integrationExternalIds.<integration>' <the external ID the vendor gave you> --stack dev\``,
                ]);
            }
            expect(() => parsePlatformConfig({ ...source, secretKeys: ["eks-platform:integrationExternalIds"] })).to.not.throw();
        });

        it("a malformed external ID, without echoing it", () => {
            const problems = problemsOf(withIntegration({}, { vendor: "x" }));
            expect(problems).to.deep.equal(["integrationExternalIds.vendor: is not a valid external ID: 2-1224 letters, digits and + = , . @ : / - _"]);
        });

        it("an external ID for an integration that does not exist", () => {
            expect(problemsOf(withIntegration({}, { vendor: "vendor-issued-id", vendr: "other-id" }))).to.deep.equal([
                'integrationExternalIds.vendr: no integration is named "vendr"; remove the key or add the integration under access.integrations',
            ]);
        });

        it("cluster admin for a third party", () => {
            expect(problemsOf(withIntegration({ access: { level: "admin" } }))).to.deep.equal([
                "access.integrations[0].access.level: must be one of none, view, edit; an integration is never cluster admin",
            ]);
        });

        it("namespace-scoped integration access without namespaces", () => {
            expect(problemsOf(withIntegration({ access: { level: "view" } }))).to.deep.equal([
                "access.integrations[0].access.namespaces: namespace scope needs namespaces (integration vendor); list them under namespaces, or set scope: cluster",
            ]);
        });

        it("a repository this stack does not create", () => {
            expect(problemsOf(withIntegration({ capabilities: { ecrPush: ["satelite"] } }))).to.deep.equal([
                'access.integrations[0].capabilities.ecrPush[0]: "satelite" is not a repository of this stack (none); add it to registries.repositories or fix the name',
            ]);
        });

        it("an account id that is not 12 digits", () => {
            expect(problemsOf(withIntegration({ trustedAccountId: "4444" }))).to.deep.equal([
                "access.integrations[0].trustedAccountId: must be the vendor's 12-digit AWS account id",
            ]);
        });

        it("a role name IAM would refuse as too long", () => {
            const config = { ...withIntegration({ name: "a-very-long-integration-name" }, { "a-very-long-integration-name": "vendor-issued-id" }), cluster: { ...(minimal("dev")["cluster"] as object), name: "platform-shared-services-eu" } };
            expect(problemsOf(config)).to.deep.equal([
                "access.integrations[0].name: the role name platform-shared-services-eu-integration-a-very-long-integration-name is longer than IAM's 64 characters; shorten the integration name or cluster.name",
            ]);
        });
    });
});
