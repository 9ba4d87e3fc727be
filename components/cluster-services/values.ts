import type * as pulumi from "@pulumi/pulumi";
import { formatCidr, parseCidr } from "../../domain/cidr.js";
import { SYSTEM_NODE_LABEL, SYSTEM_NODE_TAINT } from "../cluster/system-nodes.js";

/**
 * The link-local address NodeLocal DNSCache listens on (the Kubernetes task page's address; the
 * deliveryhero chart defaults to 169.254.20.25, so it is set explicitly).
 */
export const NODE_LOCAL_DNS_IP = "169.254.20.10";

/** EKS gives kube-dns the tenth address of the Service CIDR (172.20.0.10 for 172.20.0.0/16). */
export function expectedKubeDnsIp(serviceCidr: string): string {
    const cidr = parseCidr(serviceCidr);
    if (!cidr) throw new Error(`cluster.serviceCidr: "${serviceCidr}" is not a CIDR`);
    return formatCidr({ base: cidr.base + 10, prefix: 32 }).replace(/\/32$/, "");
}

/**
 * Values of the deliveryhero `node-local-dns` chart (keys of its values.yaml, chart 2.4.0).
 * iptables mode (the chart's default, matching kube-proxy's on EKS): the cache binds both its
 * link-local address and the kube-dns IP on every node, so pods keep asking kube-dns and get the
 * node's cache, and CoreDNS takes the traffic again whenever the cache is down.
 */
export function nodeLocalDnsValues(kubeDnsIp: pulumi.Input<string>) {
    return {
        config: {
            localDns: NODE_LOCAL_DNS_IP,
            dnsServer: kubeDnsIp,
            dnsDomain: "cluster.local",
            setupInterface: true,
            setupIptables: true,
        },
        // Every node, whatever its taints: system nodes, Karpenter nodes, and nodes a team taints later.
        tolerations: [{ operator: "Exists" }],
        resources: { requests: { cpu: "25m", memory: "128Mi" }, limits: { memory: "128Mi" } },
    };
}

/** The labels the metrics-server chart selects its pods by, for a release of this name. */
export function metricsServerSelector(releaseName: string): Record<string, string> {
    return { "app.kubernetes.io/name": "metrics-server", "app.kubernetes.io/instance": releaseName };
}

/**
 * Values of the kubernetes-sigs `metrics-server` chart (keys of its values.yaml, chart 3.13.1).
 * Two replicas on the system nodes, preferably on different hosts, with a PodDisruptionBudget so
 * a node drain never takes `kubectl top` and the HPAs' metrics away. It runs on the system nodes
 * so that an otherwise empty cluster does not make Karpenter launch a node for it.
 */
export function metricsServerValues(releaseName: string) {
    return {
        replicas: 2,
        podDisruptionBudget: { enabled: true, minAvailable: 1 },
        resources: { requests: { cpu: "100m", memory: "200Mi" }, limits: { memory: "200Mi" } },
        nodeSelector: { [SYSTEM_NODE_LABEL.key]: SYSTEM_NODE_LABEL.value },
        tolerations: [{ key: SYSTEM_NODE_TAINT.key, operator: "Exists", effect: "NoSchedule" }],
        affinity: {
            podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                    {
                        weight: 100,
                        podAffinityTerm: {
                            topologyKey: "kubernetes.io/hostname",
                            labelSelector: { matchLabels: metricsServerSelector(releaseName) },
                        },
                    },
                ],
            },
        },
    };
}
