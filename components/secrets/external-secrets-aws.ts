import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "../aws-context.js";
import { podIdentityTrustPolicy } from "../cluster/iam.js";
import { scopedRoleArgs } from "../iam/scope.js";
import { EXAMPLE_KEY, EXTERNAL_SECRETS_NAMESPACE, EXTERNAL_SECRETS_SERVICE_ACCOUNT, externalSecretsPolicy, secretPrefixes } from "./external-secrets-objects.js";

export interface ExternalSecretsAwsArgs {
    /** The cluster's name: the prefix of every secret the operator may read. */
    readonly clusterName: string;
    /** Any output of the cluster: the association waits for it. */
    readonly clusterReady: pulumi.Input<string>;
    readonly aws: AwsContext;
    /** Create the example parameter `/<cluster>/example/greeting`. @default false */
    readonly example?: boolean;
    /**
     * The platform's secrets key (`PlatformKeys.secretsManager`): it encrypts the cluster's Secrets
     * Manager secrets and SecureString parameters alike, so the operator decrypts with one key.
     */
    readonly secretsKeyArn: pulumi.Input<string>;
    /** Tags for every resource. @default {} */
    readonly tags?: Record<string, string>;
}

export const EXTERNAL_SECRETS_AWS_DEFAULTS = { example: false, tags: {} as Record<string, string> };

/**
 * The AWS side of External Secrets: a read-only role for the operator, assumed through Pod
 * Identity, that may decrypt with the platform's secrets key only through SSM and Secrets Manager.
 */
export class ExternalSecretsAws extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly association: aws.eks.PodIdentityAssociation;
    readonly exampleParameter?: aws.ssm.Parameter;

    constructor(name: string, args: ExternalSecretsAwsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:secrets:ExternalSecretsAws", name, {}, opts);
        const { example, tags } = { ...EXTERNAL_SECRETS_AWS_DEFAULTS, ...args };


        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                ...scopedRoleArgs(args.aws),
                description: `External Secrets Operator of EKS cluster ${args.clusterName}: reads ${secretPrefixes(args.clusterName).parameterStore}* and ${secretPrefixes(args.clusterName).secretsManager}*`,
                assumeRolePolicy: pulumi.jsonStringify(
                    podIdentityTrustPolicy(args.aws, args.clusterName, EXTERNAL_SECRETS_NAMESPACE, EXTERNAL_SECRETS_SERVICE_ACCOUNT),
                ),
                tags,
            },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-read`,
            { role: this.role.name, policy: pulumi.jsonStringify(externalSecretsPolicy(args.aws, args.clusterName, args.secretsKeyArn)) },
            { parent: this },
        );
        this.association = new aws.eks.PodIdentityAssociation(
            `${name}-association`,
            {
                clusterName: pulumi.output(args.clusterReady).apply(() => args.clusterName),
                namespace: EXTERNAL_SECRETS_NAMESPACE,
                serviceAccount: EXTERNAL_SECRETS_SERVICE_ACCOUNT,
                roleArn: this.role.arn,
                tags,
            },
            // Credentials are injected when a pod starts: the policy must be there by then.
            { parent: this, dependsOn: [policy] },
        );

        if (example) {
            this.exampleParameter = new aws.ssm.Parameter(
                `${name}-example`,
                {
                    name: `${secretPrefixes(args.clusterName).parameterStore}${EXAMPLE_KEY}`,
                    description: "Example value synced into the cluster by External Secrets (external-secrets-example/example-greeting)",
                    type: "SecureString",
                    keyId: args.secretsKeyArn,
                    value: "hello from Parameter Store",
                    tags,
                },
                { parent: this },
            );
        }

        this.registerOutputs({ roleArn: this.role.arn });
    }
}
