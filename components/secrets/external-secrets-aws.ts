import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "../aws-context.js";
import { podIdentityRoleResources } from "../iam/pod-identity-role.js";
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

        ({ role: this.role, association: this.association } = podIdentityRoleResources(
            name,
            {
                clusterName: args.clusterName,
                clusterReady: args.clusterReady,
                namespace: EXTERNAL_SECRETS_NAMESPACE,
                serviceAccount: EXTERNAL_SECRETS_SERVICE_ACCOUNT,
                description: `External Secrets Operator of EKS cluster ${args.clusterName}: reads ${secretPrefixes(args.clusterName).parameterStore}* and ${secretPrefixes(args.clusterName).secretsManager}*`,
                policy: externalSecretsPolicy(args.aws, args.clusterName, args.secretsKeyArn),
                policyName: "read",
                aws: args.aws,
                tags,
            },
            this,
        ));

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
