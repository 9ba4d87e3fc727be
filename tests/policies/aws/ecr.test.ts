import { expect } from "chai";
import { awsEcrRepositoryImmutableTags } from "../../../policies/aws/rules/ecr/repository-immutable-tags.js";
import { awsEcrRepositoryKmsEncryption } from "../../../policies/aws/rules/ecr/repository-kms-encryption.js";
import { awsEcrRepositoryLifecyclePolicy } from "../../../policies/aws/rules/ecr/repository-lifecycle-policy.js";
import { awsEcrRepositoryPolicyNoPublicPrincipal } from "../../../policies/aws/rules/ecr/repository-policy-no-public-principal.js";
import { awsEcrRepositoryScanOnPush } from "../../../policies/aws/rules/ecr/repository-scan-on-push.js";
import { fixture, mutate, previewMessage, stackFindings, UNKNOWN, urnOf, violations } from "../helpers.js";

const REPO = "aws:ecr/repository:Repository";
const repository = {
    name: "platform/echo",
    imageTagMutability: "IMMUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: UNKNOWN }],
};

describe("ECR repository rules", () => {
    const rules = [awsEcrRepositoryImmutableTags, awsEcrRepositoryScanOnPush, awsEcrRepositoryKmsEncryption];

    it("pass an immutable, scanned, KMS-encrypted repository", async () => {
        for (const rule of rules) expect(await violations(rule, REPO, repository), rule.name).to.deep.equal([]);
    });

    it("aws-ecr-repository-immutable-tags rejects mutable tags, explicit or by default", async () => {
        expect(await violations(awsEcrRepositoryImmutableTags, REPO, mutate(repository, "imageTagMutability", "MUTABLE"))).to.deep.equal([
            'Tags are mutable (imageTagMutability is MUTABLE): set imageTagMutability to "IMMUTABLE".',
        ]);
        expect(await violations(awsEcrRepositoryImmutableTags, REPO, mutate(repository, "imageTagMutability", undefined))).to.deep.equal([
            'Tags are mutable (imageTagMutability is unset, MUTABLE by default): set imageTagMutability to "IMMUTABLE".',
        ]);
    });

    it("aws-ecr-repository-scan-on-push rejects a repository that does not scan", async () => {
        expect(await violations(awsEcrRepositoryScanOnPush, REPO, mutate(repository, "imageScanningConfiguration.scanOnPush", false))).to.deep.equal([
            "Images are not scanned on push: set imageScanningConfiguration.scanOnPush to true.",
        ]);
    });

    it("aws-ecr-repository-kms-encryption rejects AES256", async () => {
        expect(await violations(awsEcrRepositoryKmsEncryption, REPO, mutate(repository, "encryptionConfigurations", [{ encryptionType: "AES256" }]))).to.deep.equal([
            'Images are encrypted with AES256, not KMS: set encryptionConfigurations to [{ encryptionType: "KMS", kmsKey: <key ARN> }].',
        ]);
    });
});

describe("aws-ecr-repository-lifecycle-policy", () => {
    const repo = fixture(REPO, repository, { name: "registries-echo" });

    it("passes a repository whose lifecycle policy takes its name from it, or names it", async () => {
        const byDependency = fixture("aws:ecr/lifecyclePolicy:LifecyclePolicy", { repository: UNKNOWN, policy: "{}" }, { name: "registries-echo", propertyDependencies: { repository: [repo.urn] } });
        expect(await stackFindings(awsEcrRepositoryLifecyclePolicy, [repo, byDependency])).to.deep.equal([]);
        const byName = fixture("aws:ecr/lifecyclePolicy:LifecyclePolicy", { repository: "platform/echo", policy: "{}" }, { name: "echo-lifecycle" });
        expect(await stackFindings(awsEcrRepositoryLifecyclePolicy, [repo, byName])).to.deep.equal([]);
    });

    it("reports a repository without one", async () => {
        const elsewhere = fixture("aws:ecr/lifecyclePolicy:LifecyclePolicy", { repository: "platform/other", policy: "{}" }, { name: "other" });
        expect((await stackFindings(awsEcrRepositoryLifecyclePolicy, [repo, elsewhere])).map((f) => [f.urn, f.message])).to.deep.equal([
            [
                urnOf(REPO, "registries-echo"),
                "Repository registries-echo has no lifecycle policy: add an aws.ecr.LifecyclePolicy for it that expires untagged images and keeps the last N tagged ones.",
            ],
        ]);
    });
});

describe("aws-ecr-repository-policy-no-public-principal", () => {
    const rule = awsEcrRepositoryPolicyNoPublicPrincipal;
    const policy = (principal: unknown) =>
        JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Pull", Effect: "Allow", Principal: principal, Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] }] });

    it("passes a policy naming accounts", async () => {
        expect(await violations(rule, "aws:ecr/repositoryPolicy:RepositoryPolicy", { repository: "platform/echo", policy: policy({ AWS: "arn:aws:iam::210987654321:root" }) })).to.deep.equal([]);
    });

    it('rejects Principal "*" in either form', async () => {
        const expected = ['Statement Pull allows Principal "*": name the accounts or roles that may pull (e.g. { AWS: "arn:aws:iam::<account>:root" }).'];
        expect(await violations(rule, "aws:ecr/repositoryPolicy:RepositoryPolicy", { repository: "platform/echo", policy: policy("*") })).to.deep.equal(expected);
        expect(await violations(rule, "aws:ecr/repositoryPolicy:RepositoryPolicy", { repository: "platform/echo", policy: policy({ AWS: ["*"] }) })).to.deep.equal(expected);
    });

    it("cannot read a policy built from outputs during preview and says so", async () => {
        expect(await violations(rule, "aws:ecr/repositoryPolicy:RepositoryPolicy", { repository: "platform/echo", policy: UNKNOWN })).to.deep.equal([previewMessage(rule, "policy")]);
    });
});
