import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "../aws-context.js";
import { CERT_MANAGER_NAMESPACE, CERT_MANAGER_SERVICE_ACCOUNT } from "./cert-manager-values.js";
import { certManagerRoute53Policy } from "./route53-policy.js";
import { podIdentityRoleResources } from "../iam/pod-identity-role.js";

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

        ({ role: this.role, association: this.association } = podIdentityRoleResources(
            name,
            {
                clusterName: args.clusterName,
                clusterReady: args.clusterReady,
                namespace,
                serviceAccount,
                description: `cert-manager DNS-01 in Route 53 zone ${args.hostedZoneId} for EKS cluster ${args.clusterName}`,
                policy: certManagerRoute53Policy(args.aws, args.hostedZoneId),
                policyName: "route53",
                aws: args.aws,
                tags,
            },
            this,
        ));

        this.registerOutputs({ roleArn: this.role.arn, associationArn: this.association.associationArn });
    }
}
