import { expect } from "chai";
import type { AwsContext } from "../../../components/aws-context.js";
import { crossAccountPullPolicy, dockerLoginCommand, lifecyclePolicy, registryHost } from "../../../components/registries/documents.js";
import { runStack, type RecordedResource, type StackRun } from "../../../engine/engine.js";
import { committedRun } from "../../stack-runs.js";
import { jsonInput, resource, resources } from "../../helpers.js";

const ACCOUNT = "123456789012";
const APP_REPOSITORIES = ["satellite-eu1", "rabbitmq", "codex-install", "execution-engine", "algorithm-queue-reader"];
const ctx: AwsContext = { accountId: ACCOUNT, partition: "aws", region: "eu-west-1", dnsSuffix: "amazonaws.com" };

describe("registry documents (pure)", () => {
    it("expires untagged images after D days and keeps the newest N tagged ones", () => {
        expect(JSON.parse(JSON.stringify(lifecyclePolicy(30, 7)))).to.deep.equal({
            rules: [
                {
                    rulePriority: 1,
                    description: "Expire untagged images 7 days after push",
                    selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
                    action: { type: "expire" },
                },
                {
                    rulePriority: 2,
                    description: "Keep the 30 most recent tagged images",
                    selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 30 },
                    action: { type: "expire" },
                },
            ],
        });
    });

    it("lets other accounts pull, and only pull", () => {
        expect(crossAccountPullPolicy(ctx, ["111122223333", "444455556666"])).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "CrossAccountPull",
                    Effect: "Allow",
                    Principal: { AWS: ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"] },
                    Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                },
            ],
        });
    });

    it("names the registry host and the docker login command for it, in the partition's DNS suffix", () => {
        expect(registryHost(ctx)).to.equal("123456789012.dkr.ecr.eu-west-1.amazonaws.com");
        expect(registryHost({ ...ctx, region: "cn-north-1", dnsSuffix: "amazonaws.com.cn" })).to.equal("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn");
        expect(dockerLoginCommand(ctx)).to.equal(
            "aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin 123456789012.dkr.ecr.eu-west-1.amazonaws.com",
        );
    });
});

describe("Registries component (dev, and prod with registries, under the mock engine)", () => {
    const GIVEN_KEY = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-4333-8444-555555555555";
    let dev: StackRun;
    let prod: StackRun;
    let prodWithout: StackRun;
    before(async () => {
        dev = await committedRun("dev");
        prodWithout = await committedRun("prod");
        prod = await runStack({
            stack: "prod",
            configOverrides: {
                "eks-platform:registries": {
                    prefix: "acme",
                    satelliteId: "eu1",
                    repositories: ["satellite-{satelliteId}", { name: "rabbitmq", stateful: false }],
                    pullAccountIds: ["111122223333"],
                    kmsKeyArn: GIVEN_KEY,
                },
            },
        });
    });

    const repositories = (run: StackRun) => resources(run, "aws:ecr/repository:Repository");
    const repo = (run: StackRun, name: string) => resource(run, "aws:ecr/repository:Repository", `registries-${name}`);

    it("creates the five repositories of the dev application, the satellite's named after its id", () => {
        expect(repositories(dev).map((r) => r.plainInputs["name"])).to.deep.equal(APP_REPOSITORIES);
    });

    it("puts prod's repositories under the prefix", () => {
        expect(repositories(prod).map((r) => r.plainInputs["name"])).to.deep.equal(["acme/satellite-eu1", "acme/rabbitmq"]);
    });

    it("makes tags immutable, scans on push and encrypts with KMS", () => {
        for (const r of [...repositories(dev), ...repositories(prod)]) {
            expect(r.plainInputs).to.deep.include({
                imageTagMutability: "IMMUTABLE",
                imageScanningConfiguration: { scanOnPush: true },
            });
            expect((r.plainInputs["encryptionConfigurations"] as { encryptionType: string }[]).map((c) => c.encryptionType)).to.deep.equal(["KMS"]);
        }
    });

    it("creates a rotated customer-managed key for the images unless one is given", () => {
        const key = resource(dev, "aws:kms/key:Key", "registries-images");
        expect(key.plainInputs).to.include({ enableKeyRotation: true, deletionWindowInDays: 30 });
        expect(key.plainInputs["description"]).to.equal("Encryption of container images in the ECR repositories of EKS cluster eks-dev");
        expect(resource(dev, "aws:kms/alias:Alias", "registries-images").plainInputs["name"]).to.equal("alias/eks/eks-dev/ecr");
        for (const r of repositories(dev)) {
            const [config] = r.plainInputs["encryptionConfigurations"] as { kmsKey: string }[];
            expect(config!.kmsKey).to.match(new RegExp(`^arn:aws:kms:eu-west-1:${ACCOUNT}:key/[0-9a-f-]{36}$`));
            expect(r.propertyDependencies["encryptionConfigurations"]).to.deep.equal([key.urn]);
        }
        expect(resources(prod, "aws:kms/key:Key").map((k) => k.name)).to.not.include("registries-images");
        for (const r of repositories(prod)) expect(r.plainInputs["encryptionConfigurations"]).to.deep.equal([{ encryptionType: "KMS", kmsKey: GIVEN_KEY }]);
    });

    it("creates nothing, not even a key, for a stack without repositories", () => {
        expect(prodWithout.resources.filter((r) => r.type.startsWith("aws:ecr/") || r.name.startsWith("registries-"))).to.deep.equal([]);
        expect(prodWithout.outputs["repositoryUrls"]).to.deep.equal({});
    });

    it("lets a destroy delete images in dev only", () => {
        expect(repositories(dev).map((r) => r.plainInputs["forceDelete"])).to.deep.equal([true, true, true, true, true]);
        expect(repositories(prod).map((r) => r.plainInputs["forceDelete"])).to.deep.equal([false, false]);
    });

    it("protects prod's stateful repositories, nothing in dev", () => {
        expect(repo(prod, "acme/satellite-eu1").protect).to.equal(true);
        expect(repo(prod, "acme/rabbitmq").protect).to.equal(false);
        expect(repositories(dev).some((r) => r.protect)).to.equal(false);
        expect(resource(dev, "aws:kms/key:Key", "registries-images").protect).to.equal(false);
    });

    it("gives every repository its lifecycle policy: dev keeps 30 tagged images and 7 days of untagged, prod 100 and 14", () => {
        const selections = (run: StackRun, name: string) => {
            const policy = resource(run, "aws:ecr/lifecyclePolicy:LifecyclePolicy", `registries-${name}`);
            expect(policy.propertyDependencies["repository"]).to.deep.equal([repo(run, name).urn]);
            return (jsonInput(policy, "policy").rules as { selection: unknown }[]).map((r) => r.selection);
        };
        for (const name of APP_REPOSITORIES) {
            expect(selections(dev, name)).to.deep.equal([
                { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
                { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 30 },
            ]);
        }
        expect(selections(prod, "acme/rabbitmq")).to.deep.equal([
            { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 14 },
            { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 100 },
        ]);
    });

    it("grants cross-account pull by repository policy only where config lists accounts", () => {
        expect(resources(dev, "aws:ecr/repositoryPolicy:RepositoryPolicy")).to.deep.equal([]);
        const policies = resources(prod, "aws:ecr/repositoryPolicy:RepositoryPolicy");
        expect(policies.map((p) => p.name)).to.deep.equal(["registries-acme/satellite-eu1-pull", "registries-acme/rabbitmq-pull"]);
        for (const p of policies) {
            expect(jsonInput(p, "policy").Statement).to.deep.equal([
                {
                    Sid: "CrossAccountPull",
                    Effect: "Allow",
                    Principal: { AWS: ["arn:aws:iam::111122223333:root"] },
                    Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                },
            ]);
        }
    });

    it("lets nodes (system and Karpenter) pull through their role's pull-only ECR policy, and nothing more", () => {
        const nodeRoles = resources(prod, "aws:iam/role:Role").filter((r) =>
            JSON.stringify(jsonInput(r, "assumeRolePolicy")).includes('"Service":"ec2.amazonaws.com"'),
        );
        expect(nodeRoles.map((r) => r.name)).to.include("cluster-system-role");
        for (const role of nodeRoles) {
            const onRole = (r: RecordedResource) => (r.propertyDependencies["role"] ?? []).includes(role.urn);
            const ecrPolicies = resources(prod, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                .filter(onRole)
                .map((a) => String(a.plainInputs["policyArn"]))
                .filter((arn) => arn.includes("ContainerRegistry"));
            expect(ecrPolicies, role.name).to.deep.equal(["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"]);
            for (const inline of resources(prod, "aws:iam/rolePolicy:RolePolicy").filter(onRole)) {
                expect(JSON.stringify(jsonInput(inline, "policy")), `${role.name}: ${inline.name}`).to.not.contain("ecr:");
            }
        }
        for (const p of resources(prod, "aws:ecr/repositoryPolicy:RepositoryPolicy")) {
            expect(JSON.stringify(jsonInput(p, "policy"))).to.not.match(/:role\//);
        }
    });

    it("outputs every repository URL and the docker login command of the registry", () => {
        expect(dev.outputs["repositoryUrls"]).to.deep.equal(
            Object.fromEntries(APP_REPOSITORIES.map((name) => [name, `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/${name}`])),
        );
        expect(dev.outputs["registryUrl"]).to.equal(`${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com`);
        expect(dev.outputs["dockerLoginCommand"]).to.equal(
            `aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin ${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com`,
        );
    });
});
