import * as aws from "@pulumi/aws";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ingressRecordNames, recordTarget } from "./dns-records.js";
import type { IngressHostnames } from "../../domain/hostnames.js";

export interface IngressDnsArgs {
    /** The user's hosted zone, by id: never looked up, created or deleted here. */
    readonly hostedZoneId: string;
    readonly hostnames: IngressHostnames;
    /** The LoadBalancer Service whose status names the load balancer. */
    readonly service: k8s.core.v1.Service;
    /** The load balancer's DNS name, from that Service's status. */
    readonly loadBalancerHostname: pulumi.Output<string>;
    /** The stack's region: the NLB's, whose canonical hosted zone the alias needs. */
    readonly region: string;
}

/**
 * `<subdomain>` and `*.<subdomain>` in the user's zone, pointing at the load balancer the
 * Service got. The records are this program's; the zone and its other records are not.
 */
export class IngressDns extends pulumi.ComponentResource {
    readonly records: aws.route53.Record[];

    constructor(name: string, args: IngressDnsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:ingress:IngressDns", name, {}, opts);

        // The canonical zone of NLBs in the region (the "ELB endpoints" table), as alias records need it.
        const nlbZone = aws.lb.getHostedZoneIdOutput({ loadBalancerType: "network", region: args.region }, { parent: this });
        const target = pulumi.all([args.loadBalancerHostname, nlbZone.id]).apply(([hostname, zoneId]) => recordTarget(hostname, args.region, zoneId));

        this.records = ingressRecordNames(args.hostnames).map(
            ({ role, name: recordName }) =>
                new aws.route53.Record(
                    `${name}-${role}`,
                    {
                        zoneId: args.hostedZoneId,
                        name: recordName,
                        type: target.type,
                        aliases: target.aliases,
                        records: target.records,
                        ttl: target.ttl,
                    },
                    { parent: this, dependsOn: [args.service] },
                ),
        );

        this.registerOutputs({ names: this.records.map((r) => r.fqdn) });
    }
}
