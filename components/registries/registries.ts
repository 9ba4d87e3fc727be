import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { repositoryFullName, type RegistriesConfig } from "../../stacks/schema/registries.js";
import type { AwsContext } from "../aws-context.js";
import { crossAccountPullPolicy, dockerLoginCommand, lifecyclePolicy, registryHost } from "./documents.js";

export interface RegistriesArgs {
    /** The `registries` slice of the stack config. */
    readonly config: RegistriesConfig;
    /** Names the image encryption key (`alias/eks/<cluster>/ecr`). */
    readonly clusterName: string;
    readonly aws: AwsContext;
    /** Protect the encryption key and every stateful repository from deletion. @default false */
    readonly protect?: boolean;
    /** Tags for every resource. @default {} */
    readonly tags?: Record<string, string>;
}

/**
 * The stack's private ECR repositories: immutable tags, scan on push, KMS encryption, a
 * lifecycle policy on each, and pull-only access for the accounts config lists. Nodes pull
 * with their role's managed read-only ECR policy; no repository policy names them.
 */
export class Registries extends pulumi.ComponentResource {
    /** Full repository name -> repository. */
    readonly repositories: Record<string, aws.ecr.Repository>;
    /** Full repository name -> `<registry>/<name>`. */
    readonly repositoryUrls: Record<string, pulumi.Output<string>>;
    /** Full repository name -> ARN. */
    readonly repositoryArns: Record<string, pulumi.Output<string>>;
    /** ARNs by every name config may use: as written under `registries.repositories`, and the full name. */
    readonly repositoryArnsByName: Record<string, pulumi.Output<string>>;
    /** `<account>.dkr.ecr.<region>.amazonaws.com`. */
    readonly registryUrl: string;
    /** `aws ecr get-login-password ... | docker login ...` for this registry. */
    readonly loginCommand: string;
    /** The image encryption key; none when the stack has no repositories. */
    readonly kmsKeyArn: pulumi.Output<string> | undefined;

    constructor(name: string, args: RegistriesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:registries:Registries", name, {}, opts);
        const { config } = args;
        const tags = args.tags ?? {};
        const protect = args.protect ?? false;

        // A key costs money every month; a stack without repositories has no use for one.
        this.kmsKeyArn =
            config.repositories.length === 0
                ? undefined
                : config.kmsKeyArn
                  ? pulumi.output(config.kmsKeyArn)
                  : this.encryptionKey(name, args.clusterName, protect, tags).arn;
        const lifecycle = pulumi.jsonStringify(lifecyclePolicy(config.lifecycle.keepTaggedImages, config.lifecycle.untaggedExpiryDays));
        const pullPolicy = config.pullAccountIds.length > 0 ? pulumi.jsonStringify(crossAccountPullPolicy(args.aws, config.pullAccountIds)) : undefined;

        this.repositories = {};
        this.repositoryUrls = {};
        this.repositoryArns = {};
        this.repositoryArnsByName = {};
        for (const repo of config.repositories) {
            const fullName = repositoryFullName(config.prefix, config.satelliteId, repo.name);
            const repository = new aws.ecr.Repository(
                `${name}-${fullName}`,
                {
                    name: fullName,
                    imageTagMutability: "IMMUTABLE",
                    imageScanningConfiguration: { scanOnPush: true },
                    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: this.kmsKeyArn }],
                    forceDelete: config.forceDelete,
                    tags: { ...tags, Name: fullName },
                },
                { parent: this, protect: protect && repo.stateful },
            );
            new aws.ecr.LifecyclePolicy(`${name}-${fullName}`, { repository: repository.name, policy: lifecycle }, { parent: this });
            if (pullPolicy) {
                new aws.ecr.RepositoryPolicy(`${name}-${fullName}-pull`, { repository: repository.name, policy: pullPolicy }, { parent: this });
            }
            this.repositories[fullName] = repository;
            this.repositoryUrls[fullName] = repository.repositoryUrl;
            this.repositoryArns[fullName] = repository.arn;
            this.repositoryArnsByName[repo.name] = repository.arn;
            this.repositoryArnsByName[fullName] = repository.arn;
        }

        this.registryUrl = registryHost(args.aws);
        this.loginCommand = dockerLoginCommand(args.aws);
        this.registerOutputs({ repositoryUrls: this.repositoryUrls, registryUrl: this.registryUrl, loginCommand: this.loginCommand });
    }

    /**
     * One customer-managed key for every repository, rotated yearly. The encryption settings of a
     * repository cannot change after creation, so the key is protected with the repositories.
     */
    private encryptionKey(name: string, clusterName: string, protect: boolean, tags: Record<string, string>): aws.kms.Key {
        const key = new aws.kms.Key(
            `${name}-images`,
            {
                description: `Encryption of container images in the ECR repositories of EKS cluster ${clusterName}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                tags,
            },
            { parent: this, protect },
        );
        new aws.kms.Alias(`${name}-images`, { name: `alias/eks/${clusterName}/ecr`, targetKeyId: key.keyId }, { parent: this });
        return key;
    }
}
