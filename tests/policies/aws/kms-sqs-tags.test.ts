import { expect } from "chai";
import { awsKmsKeyEnableRotation } from "../../../policies/aws/rules/kms/key-enable-rotation.js";
import { awsKmsKeyPolicyNoWildcardPrincipal } from "../../../policies/aws/rules/kms/key-policy-no-wildcard-principal.js";
import { awsKmsKeyRequireDescription } from "../../../policies/aws/rules/kms/key-require-description.js";
import { awsSqsQueueEncrypt } from "../../../policies/aws/rules/sqs/queue-encrypt.js";
import { awsTagsRequired } from "../../../policies/aws/rules/tags/required.js";
import { mutate, previewMessage, UNKNOWN, violations } from "../helpers.js";

const KEY = "aws:kms/key:Key";
const key = { description: "Secrets of EKS cluster eks-prod", enableKeyRotation: true, deletionWindowInDays: 30 };

describe("KMS key rules", () => {
    it("pass a described, rotating key with the default key policy", async () => {
        for (const rule of [awsKmsKeyEnableRotation, awsKmsKeyRequireDescription, awsKmsKeyPolicyNoWildcardPrincipal]) {
            expect(await violations(rule, KEY, key), rule.name).to.deep.equal([]);
        }
    });

    it("aws-kms-key-enable-rotation rejects a symmetric key without rotation and skips asymmetric keys", async () => {
        expect(await violations(awsKmsKeyEnableRotation, KEY, mutate(key, "enableKeyRotation", undefined))).to.deep.equal(["Key rotation is off: set enableKeyRotation to true."]);
        expect(await violations(awsKmsKeyEnableRotation, KEY, { ...mutate(key, "enableKeyRotation", false), customerMasterKeySpec: "RSA_2048" })).to.deep.equal([]);
    });

    it("aws-kms-key-require-description rejects a key without one", async () => {
        expect(await violations(awsKmsKeyRequireDescription, KEY, mutate(key, "description", ""))).to.deep.equal([
            'The key has no description: say what it encrypts (e.g. "Secrets of EKS cluster eks-prod").',
        ]);
    });

    it("aws-kms-key-policy-no-wildcard-principal rejects Principal * unless confined to known accounts", async () => {
        const statement = { Sid: "Everyone", Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" };
        const policy = (s: object) => JSON.stringify({ Version: "2012-10-17", Statement: [s] });
        expect(await violations(awsKmsKeyPolicyNoWildcardPrincipal, KEY, { ...key, policy: policy(statement) })).to.deep.equal([
            'Key policy statement Everyone allows Principal "*": name the principals, or add a kms:CallerAccount / aws:PrincipalOrgID condition.',
        ]);
        const confined = { ...statement, Condition: { StringEquals: { "kms:CallerAccount": "123456789012", "kms:ViaService": "ec2.eu-west-1.amazonaws.com" } } };
        expect(await violations(awsKmsKeyPolicyNoWildcardPrincipal, KEY, { ...key, policy: policy(confined) })).to.deep.equal([]);
    });
});

describe("aws-sqs-queue-encrypt", () => {
    it("passes SQS-managed SSE or a KMS key and rejects neither", async () => {
        expect(await violations(awsSqsQueueEncrypt, "aws:sqs/queue:Queue", { name: "eks-prod", sqsManagedSseEnabled: true })).to.deep.equal([]);
        expect(await violations(awsSqsQueueEncrypt, "aws:sqs/queue:Queue", { name: "eks-prod", kmsMasterKeyId: UNKNOWN })).to.deep.equal([]);
        expect(await violations(awsSqsQueueEncrypt, "aws:sqs/queue:Queue", { name: "eks-prod" })).to.deep.equal([
            "Messages are not encrypted at rest: set sqsManagedSseEnabled to true, or kmsMasterKeyId to a KMS key.",
        ]);
    });
});

describe("aws-tags-required", () => {
    const rule = awsTagsRequired;
    const tags = { Project: "eks-platform", Stack: "prod", Tier: "prod", ManagedBy: "pulumi", Owner: "platform-team" };
    const config = { requiredTags: ["Project", "Stack", "Tier", "ManagedBy", "Owner"] };

    it("passes a tagged resource, tags from the provider's defaultTags, and values only known after the update", async () => {
        expect(await violations(rule, "aws:cloudwatch/logGroup:LogGroup", { tags }, config)).to.deep.equal([]);
        const provider = { type: "pulumi:providers:aws", name: "aws", urn: "urn:provider", props: { region: "eu-west-1", defaultTags: { tags } } };
        expect(await violations(rule, "aws:iam/role:Role", { assumeRolePolicy: "{}" }, config, { provider })).to.deep.equal([]);
        expect(await violations(rule, "aws:sqs/queue:Queue", { tags: { ...tags, Owner: UNKNOWN } }, config)).to.deep.equal([]);
    });

    it("rejects a taggable resource missing a required tag, or without tags at all", async () => {
        expect(await violations(rule, "aws:kms/key:Key", { tags: mutate(tags, "Owner", undefined) }, config)).to.deep.equal([
            "Missing tag Owner: pass the stack's defaultTags (config.defaultTags) as tags, or set them on the provider's defaultTags.",
        ]);
        expect(await violations(rule, "eks:index:Cluster", { version: "1.36" }, config)).to.deep.equal([
            "Missing tags Project, Stack, Tier, ManagedBy, Owner: pass the stack's defaultTags (config.defaultTags) as tags, or set them on the provider's defaultTags.",
        ]);
    });

    it("checks any AWS resource that has tags, and leaves untaggable ones alone", async () => {
        expect(await violations(rule, "aws:route53/healthCheck:HealthCheck", { tags: {} }, config)).to.have.length(1);
        expect(await violations(rule, "aws:iam/rolePolicy:RolePolicy", { policy: "{}" }, config)).to.deep.equal([]);
    });

    it("cannot judge tags that are wholly unknown during preview and says so", async () => {
        expect(await violations(rule, "aws:kms/key:Key", { tags: UNKNOWN }, config)).to.deep.equal([previewMessage(rule, "tags")]);
    });
});
