import { onKarpenterNodes } from "../ingress/scheduling.js";

/** The annotation a workload carries to be restarted when any ConfigMap or Secret it uses changes (Reloader README). */
export const RELOADER_AUTO_ANNOTATION = "reloader.stakater.com/auto";
export const RELOADER_NAMESPACE = "reloader";
/** The image's `nobody` user (chart default), kept explicit so the policy pack sees it. */
const NOBODY_UID = 65534;

/**
 * Values of the stakater `reloader` chart (keys of deployments/kubernetes/chart/reloader/values.yaml
 * at tag chart-v2.2.16). Hardened: non-root, read-only root filesystem, no privilege escalation, no
 * capabilities. The read-only root is `reloader.readOnlyRootFileSystem` alone: templates/deployment.yaml
 * then sets `readOnlyRootFilesystem: true` over `containerSecurityContext` and mounts an emptyDir at
 * /tmp, so the same field in `containerSecurityContext` would be a value the chart never reads. Watching every namespace picks up
 * Secrets that External Secrets writes like any other Secret. Above one replica the chart turns on
 * leader election (`enableHA`), so only one restarts workloads.
 */
export function reloaderValues(replicas: number) {
    const ha = replicas > 1;
    return {
        reloader: {
            watchGlobally: true,
            readOnlyRootFileSystem: true,
            enableHA: ha,
            podDisruptionBudget: ha ? { enabled: true, minAvailable: 1 } : { enabled: false },
            deployment: {
                replicas,
                affinity: onKarpenterNodes(),
                securityContext: { runAsNonRoot: true, runAsUser: NOBODY_UID, seccompProfile: { type: "RuntimeDefault" } },
                containerSecurityContext: {
                    runAsNonRoot: true,
                    allowPrivilegeEscalation: false,
                    privileged: false,
                    capabilities: { drop: ["ALL"] },
                },
                resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "256Mi" } },
            },
        },
    };
}
