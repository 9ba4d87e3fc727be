import type * as pulumi from "@pulumi/pulumi";
import { SYSTEM_NODE_LABEL, SYSTEM_NODE_TAINT } from "../cluster/system-nodes.js";
import { KARPENTER_SERVICE_ACCOUNT } from "./names.js";

export interface ControllerValuesInputs {
    readonly clusterName: string;
    readonly clusterEndpoint: pulumi.Input<string>;
    /** The interruption queue's name (the chart wants the name, not the URL or ARN). */
    readonly interruptionQueue: string;
    readonly region: string;
    /** Where the controller runs. @default "system-nodes" */
    readonly controllerOn?: "fargate" | "system-nodes";
    /** Controller replicas. @default 2 */
    readonly replicas?: number;
    /** The controller role for IRSA (the ServiceAccount annotation); required on Fargate. */
    readonly irsaRoleArn?: pulumi.Input<string>;
}

/** The annotation the EKS Pod Identity webhook reads to project an IRSA token (amazon-eks-pod-identity-webhook). */
export const IRSA_ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";

/** Controller resources as Karpenter's getting-started install sets them (requests = limits). */
export const CONTROLLER_RESOURCES = {
    requests: { cpu: "1", memory: "1Gi" },
    limits: { cpu: "1", memory: "1Gi" },
} as const;

/**
 * Values of the `karpenter` chart (keys of `charts/karpenter/values.yaml` at 1.14.1).
 *
 * On the system node group (the default) the controller has a nodeSelector on its label and a toleration of
 * its taint. The chart keeps its own affinity (never on a Karpenter node; one replica per host,
 * required) and its zone spread. With two system nodes both replicas run, one per node; with a
 * single system node the second replica stays Pending (leader election keeps Karpenter working),
 * and draining that node stops provisioning until a system node is back.
 */
export function controllerValues(inputs: ControllerValuesInputs) {
    const settings = {
        clusterName: inputs.clusterName,
        // Set rather than discovered, so startup does not depend on eks:DescribeCluster.
        clusterEndpoint: inputs.clusterEndpoint,
        interruptionQueue: inputs.interruptionQueue,
    };
    // Neither place lets the SDK find the region in instance metadata (Fargate has none; the system
    // nodes' hop limit of 1 keeps pods from it), so it comes as env, which the chart passes through.
    const controller = { env: [{ name: "AWS_REGION", value: inputs.region }], resources: CONTROLLER_RESOURCES };
    const replicas = inputs.replicas ?? 2;
    const podDisruptionBudget = { name: "karpenter", maxUnavailable: 1 };
    if (inputs.controllerOn === "fargate") {
        if (inputs.irsaRoleArn === undefined) throw new Error("controllerValues: a controller on Fargate needs its IRSA role ARN");
        return {
            serviceAccount: { create: true, name: KARPENTER_SERVICE_ACCOUNT, annotations: { [IRSA_ROLE_ANNOTATION]: inputs.irsaRoleArn } },
            replicas,
            podDisruptionBudget,
            // The Fargate profile picks the pods by their labels: no system-node selector, no toleration.
            nodeSelector: { "kubernetes.io/os": "linux" },
            tolerations: [],
            // The VPC resolver, not CoreDNS: CoreDNS runs on the system nodes, and the controller must
            // not wait for them. It only resolves AWS endpoints; the API server comes by IP from env.
            dnsPolicy: "Default",
            // Fargate places each pod on its own micro-VM across the profile's subnets; a required
            // zone spread would leave a replica Pending whenever Fargate picks the same zone twice.
            topologySpreadConstraints: [],
            controller,
            settings,
        };
    }
    return {
        // The Pod Identity association is for this exact name; the chart would derive it from the release name.
        serviceAccount: { create: true, name: KARPENTER_SERVICE_ACCOUNT },
        replicas,
        podDisruptionBudget,
        nodeSelector: { "kubernetes.io/os": "linux", [SYSTEM_NODE_LABEL.key]: SYSTEM_NODE_LABEL.value },
        tolerations: [{ key: SYSTEM_NODE_TAINT.key, operator: "Exists", effect: "NoSchedule" }],
        controller,
        settings,
    };
}
