import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { NODE_LOCAL_DNS_CHART } from "../../domain/versions.js";
import { chartRelease } from "../helm/chart-release.js";
import { expectedKubeDnsIp, nodeLocalDnsValues } from "./values.js";

export interface NodeLocalDnsArgs {
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** The cluster's Service CIDR (`cluster.serviceCidr`). */
    readonly serviceCidr: string;
    /** What creates the kube-dns Service (the coredns add-on); the lookup waits for it. */
    readonly kubeDns: pulumi.Resource;
    /** Chart version. @default NODE_LOCAL_DNS_CHART.version */
    readonly version?: string;
}

const DEFAULTS = { version: NODE_LOCAL_DNS_CHART.version };

/**
 * NodeLocal DNSCache: a DNS cache on every node, so pods stop sending every lookup through
 * conntrack to CoreDNS (the seed clusters hit name-resolution failures past ~500 pods without it).
 */
export class NodeLocalDns extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;
    /** The kube-dns ClusterIP the cache binds and forwards cluster names to. */
    readonly kubeDnsIp: pulumi.Output<string>;

    constructor(name: string, args: NodeLocalDnsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster-services:NodeLocalDns", name, {}, opts);
        const { version } = { ...DEFAULTS, ...args };

        const kubeDns = k8s.core.v1.Service.get(`${name}-kube-dns`, "kube-system/kube-dns", {
            parent: this,
            provider: args.provider,
            dependsOn: [args.kubeDns],
        });
        // The cluster is the truth. A preview of a first deployment has no cluster to read yet;
        // it shows the address EKS assigns, which is what the read returns once the cluster exists.
        const expected = expectedKubeDnsIp(args.serviceCidr);
        this.kubeDnsIp = kubeDns.spec.apply((spec) => spec?.clusterIP || expected);

        this.release = new k8s.helm.v3.Release(
            `${name}-release`,
            chartRelease(NODE_LOCAL_DNS_CHART, {
                version,
                // The chart's DaemonSet is hard-wired to kube-system.
                namespace: "kube-system",
                values: nodeLocalDnsValues(this.kubeDnsIp),
            }),
            { parent: this, provider: args.provider, dependsOn: [args.kubeDns] },
        );

        this.registerOutputs({ kubeDnsIp: this.kubeDnsIp, status: this.release.status });
    }
}
