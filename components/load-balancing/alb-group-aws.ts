import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { IngressHostnames } from "../../domain/hostnames.js";
import { managedRules } from "./waf-rules.js";

export interface AlbGroupAwsArgs {
    /** The EKS cluster name: names the web ACL and its metrics. */
    readonly clusterName: string;
    /** The ingress group name. */
    readonly groupName: string;
    /** The cluster's names: the certificate covers `<subdomain>` and `*.<subdomain>`. */
    readonly hostnames: IngressHostnames;
    /** The user's hosted zone, where the certificate's validation record goes. */
    readonly hostedZoneId: string;
    /** Create a WAFv2 web ACL for the group's ALB. @default false */
    readonly waf?: boolean;
    /** Tags for every resource. @default {} */
    readonly tags?: Record<string, string>;
}

export const ALB_GROUP_AWS_DEFAULTS = { waf: false, tags: {} as Record<string, string> };

/**
 * The AWS side of the ALB ingress group, created before the controller's chart because its
 * IngressClassParams name them: the ACM certificate of the cluster's names (validated by DNS
 * in the stack's hosted zone, and waited for, so the ALB never gets a pending certificate)
 * and, when asked, a regional WAFv2 web ACL that the controller associates with the ALB.
 */
export class AlbGroupAws extends pulumi.ComponentResource {
    readonly certificate: aws.acm.Certificate;
    /** The certificate's ARN once ACM has issued it. */
    readonly certificateArn: pulumi.Output<string>;
    readonly webAcl: aws.wafv2.WebAcl | undefined;

    constructor(name: string, args: AlbGroupAwsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:load-balancing:AlbGroupAws", name, {}, opts);
        const { waf, tags } = { ...ALB_GROUP_AWS_DEFAULTS, ...args };

        this.certificate = new aws.acm.Certificate(
            `${name}-certificate`,
            {
                domainName: args.hostnames.subdomain,
                subjectAlternativeNames: [args.hostnames.wildcard],
                validationMethod: "DNS",
                keyAlgorithm: "EC_prime256v1",
                tags,
            },
            // A replacement must exist before the listener lets go of the old certificate.
            { parent: this, deleteBeforeReplace: false },
        );

        // ACM asks for the same CNAME for a name and its wildcard, so one record validates both.
        const option = this.certificate.domainValidationOptions.apply((options) => {
            const first = options[0];
            if (!first) throw new Error(`ACM returned no DNS validation option for ${args.hostnames.subdomain}`);
            return first;
        });
        const record = new aws.route53.Record(
            `${name}-validation`,
            {
                zoneId: args.hostedZoneId,
                name: option.resourceRecordName,
                type: option.resourceRecordType,
                records: [option.resourceRecordValue],
                ttl: 300,
                // The record's name and value are fixed per account and name: a rebuilt stack writes the same one.
                allowOverwrite: true,
            },
            { parent: this },
        );
        const validation = new aws.acm.CertificateValidation(
            `${name}-certificate-validation`,
            { certificateArn: this.certificate.arn, validationRecordFqdns: [record.fqdn] },
            { parent: this, customTimeouts: { create: "45m" } },
        );
        this.certificateArn = validation.certificateArn;

        this.webAcl = waf
            ? new aws.wafv2.WebAcl(
                  `${name}-web-acl`,
                  {
                      name: `${args.clusterName}-${args.groupName}`,
                      description: `ALB ingress group ${args.groupName} of EKS cluster ${args.clusterName}`,
                      scope: "REGIONAL",
                      defaultAction: { allow: {} },
                      rules: managedRules(`${args.clusterName}-${args.groupName}`),
                      visibilityConfig: {
                          cloudwatchMetricsEnabled: true,
                          sampledRequestsEnabled: true,
                          metricName: `${args.clusterName}-${args.groupName}`,
                      },
                      tags,
                  },
                  { parent: this },
              )
            : undefined;

        this.registerOutputs({ certificateArn: this.certificateArn, webAclArn: this.webAcl?.arn });
    }
}
