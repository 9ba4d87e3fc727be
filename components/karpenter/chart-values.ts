import type * as pulumi from "@pulumi/pulumi";
import { SYSTEM_NODE_LABEL, SYSTEM_NODE_TAINT } from "../cluster/system-nodes.js";
import { KARPENTER_SERVICE_ACCOUNT } from "./names.js";

export interface ControllerValuesInputs {
    readonly clusterName: string;
    readonly clusterEndpoint: pulumi.Input<string>;
    /** The interruption queue's name (the chart wants the name, not the URL or ARN). */
    readonly interruptionQueue: string;
    readonly region: string;
}

/** Controller resources as Karpenter's getting-started install sets them (requests = limits). */
export const CONTROLLER_RESOURCES = {
    requests: { cpu: "1", memory: "1Gi" },
    limits: { cpu: "1", memory: "1Gi" },
} as const;

/**
 * Values of the `karpenter` chart (keys of `charts/karpenter/values.yaml` at 1.14.1).
 *
 * The controller runs on the system node group: a nodeSelector on its label and a toleration of
 * its taint. The chart keeps its own affinity (never on a Karpenter node; one replica per host,
 * required) and its zone spread. With two system nodes both replicas run, one per node; with a
 * single system node the second replica stays Pending (leader election keeps Karpenter working),
 * and draining that node stops provisioning until a system node is back.
 */
export function controllerValues(inputs: ControllerValuesInputs) {
    return {
        // The Pod Identity association is for this exact name; the chart would derive it from the release name.
        serviceAccount: { create: true, name: KARPENTER_SERVICE_ACCOUNT },
        replicas: 2,
        podDisruptionBudget: { name: "karpenter", maxUnavailable: 1 },
        nodeSelector: { "kubernetes.io/os": "linux", [SYSTEM_NODE_LABEL.key]: SYSTEM_NODE_LABEL.value },
        tolerations: [{ key: SYSTEM_NODE_TAINT.key, operator: "Exists", effect: "NoSchedule" }],
        controller: {
            // The system nodes' IMDS hop limit of 1 keeps pods from the instance metadata, where
            // the AWS SDK would otherwise look up the region; the chart passes extra env through.
            env: [{ name: "AWS_REGION", value: inputs.region }],
            resources: CONTROLLER_RESOURCES,
        },
        settings: {
            clusterName: inputs.clusterName,
            // Set rather than discovered, so startup does not depend on eks:DescribeCluster.
            clusterEndpoint: inputs.clusterEndpoint,
            interruptionQueue: inputs.interruptionQueue,
        },
    };
}
