import { GPU_POOL_NAME, GPU_TAINT, NODEPOOL_LABEL } from "./node-pools.js";

/** Where the device plugin runs: the chart's default namespace choice would be the release's. */
export const DEVICE_PLUGIN_NAMESPACE = "kube-system";

/**
 * Values of the `nvidia-device-plugin` chart (keys of `deployments/helm/nvidia-device-plugin/values.yaml`
 * at v0.20.0). The chart's default affinity waits for labels from node-feature-discovery or GPU feature
 * discovery, neither of which runs here; Karpenter labels its GPU pool's nodes itself, so the DaemonSet
 * is pinned to that pool. Its tolerations replace the chart's, which also tolerate CriticalAddonsOnly
 * (the system nodes' taint) for no use on nodes without GPUs.
 */
export function devicePluginValues() {
    return {
        affinity: {
            nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                    nodeSelectorTerms: [{ matchExpressions: [{ key: NODEPOOL_LABEL, operator: "In", values: [GPU_POOL_NAME] }] }],
                },
            },
        },
        tolerations: [{ key: GPU_TAINT.key, operator: "Exists", effect: GPU_TAINT.effect }],
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
    };
}
