import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "../aws-context.js";
import { podIdentityTrustPolicy } from "../cluster/iam.js";
import { CERT_MANAGER_NAMESPACE, CERT_MANAGER_SERVICE_ACCOUNT } from "./cert-manager-values.js";
import { certManagerRoute53Policy } from "./route53-policy.js";
import { scopedRoleArgs } from "../iam/scope.js";

export interface CertManagerIamArgs {
    /** The cluster's name, as the trust policy's session tag and the association's cluster. */
    readonly clusterName: string;
    /**
     * Any output of the cluster: the association waits for it (the name above is plain config,
     * which would let the association race the cluster's creation).
     */
    readonly clusterReady: pulumi.Input<string>;
    /** The user's hosted zone cert-manager writes challenge records into. */
    readonly hostedZoneId: string;
    /** Account and partition of the trust policy and the zone ARN. */
    readonly aws: AwsContext;
    /** Namespace of the cert-manager controller. @default "cert-manager" */
    readonly namespace?: string;
    /** Service account of the cert-manager controller. @default "cert-manager" */
    readonly serviceAccount?: string;
    /** Tags for every resource. @default {} */
    readonly tags?: Record<string, string>;
}

export const CERT_MANAGER_IAM_DEFAULTS = {
    namespace: CERT_MANAGER_NAMESPACE,
    serviceAccount: CERT_MANAGER_SERVICE_ACCOUNT,
    tags: {} as Record<string, string>,
} as const;

/**
 * The AWS side of cert-manager: a role that can write TXT records in one hosted zone,
 * assumed through EKS Pod Identity by the controller's service account only.
 */
export class CertManagerIam extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly association: aws.eks.PodIdentityAssociation;

    constructor(name: string, args: CertManagerIamArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:ingress:CertManagerIam", name, {}, opts);
        const { namespace, serviceAccount, tags } = { ...CERT_MANAGER_IAM_DEFAULTS, ...args };

        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                ...scopedRoleArgs(args.aws),
                description: `cert-manager DNS-01 in Route 53 zone ${args.hostedZoneId} for EKS cluster ${args.clusterName}`,
                assumeRolePolicy: pulumi.jsonStringify(podIdentityTrustPolicy(args.aws, args.clusterName, namespace, serviceAccount)),
                tags,
            },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-route53`,
            { role: this.role.name, policy: pulumi.jsonStringify(certManagerRoute53Policy(args.aws, args.hostedZoneId)) },
            { parent: this },
        );

        this.association = new aws.eks.PodIdentityAssociation(
            `${name}-association`,
            {
                clusterName: pulumi.output(args.clusterReady).apply(() => args.clusterName),
                namespace,
                serviceAccount,
                roleArn: this.role.arn,
                tags,
            },
            // Pods started before the policy is attached would fail their first challenges.
            { parent: this, dependsOn: [policy] },
        );

        this.registerOutputs({ roleArn: this.role.arn, associationArn: this.association.associationArn });
    }
}
