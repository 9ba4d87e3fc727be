import type { EC2NodeClass } from "@kubernetes-models/karpenter/karpenter.k8s.aws/v1/EC2NodeClass";
import type { NodePool } from "@kubernetes-models/karpenter/karpenter.sh/v1/NodePool";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { KarpenterConfig } from "../../stacks/schema/karpenter.js";
import { KARPENTER_AMI_ALIAS, KARPENTER_VERSION, NVIDIA_DEVICE_PLUGIN_CHART } from "../../domain/versions.js";
import { controllerValues } from "./chart-values.js";
import { DEVICE_PLUGIN_NAMESPACE, devicePluginValues } from "./gpu-values.js";
import { KARPENTER_NAMESPACE } from "./names.js";
import { buildEc2NodeClass, buildGpuNodePool, buildNodePool, enabledNodePools, GPU_NODE_CLASS_NAME } from "./node-pools.js";
import type { PlatformKeyArns } from "../kms/platform-keys.js";
import { chartRelease } from "../helm/chart-release.js";

/** Karpenter's public OCI charts (the getting-started install and the CRD upgrade guide). */
export const KARPENTER_CHARTS = {
    crds: "oci://public.ecr.aws/karpenter/karpenter-crd",
    controller: "oci://public.ecr.aws/karpenter/karpenter",
} as const;

export interface KarpenterArgs {
    /** The `karpenter` slice of the stack config (NodePools, node volume size). */
    readonly config: KarpenterConfig;
    readonly clusterName: string;
    readonly clusterEndpoint: pulumi.Input<string>;
    readonly region: string;
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** The AWS side: its node role and queue names are known before deployment. */
    readonly awsSide: { readonly nodeRoleName: string; readonly queueName: string; readonly resource: pulumi.Resource };
    /** The platform's EBS key (alias ARN and the alias resource the NodeClass waits for). @default the account's EBS default key */
    readonly keys?: Pick<PlatformKeyArns, "ebsAliasArn" | "ebsAlias">;
    /**
     * Where the controller runs, and what must outlive it on destroy: the system node group, or
     * the Fargate profile with the controller's IRSA role (its policies must be attached first).
     */
    readonly placement:
        | { readonly on: "system-nodes"; readonly systemNodes: pulumi.Resource }
        | {
              readonly on: "fargate";
              readonly fargateProfile: pulumi.Resource;
              readonly irsaRoleArn: pulumi.Input<string>;
              readonly controllerPolicies: pulumi.Resource[];
          };
    /** Tags for the EC2 resources Karpenter creates. @default {} */
    readonly tags?: Record<string, string>;
    /** Chart version of both charts. @default KARPENTER_VERSION */
    readonly version?: string;
    /** The AMI alias nodes boot. @default KARPENTER_AMI_ALIAS */
    readonly amiAlias?: string;
}

/** A validated typed object as the arguments of a Kubernetes custom resource. */
function customResourceArgs(model: EC2NodeClass | NodePool, annotations: Record<string, string> = {}): k8s.apiextensions.CustomResourceArgs {
    const metadata = Object.keys(annotations).length > 0 ? { ...model.metadata, annotations: { ...model.metadata?.annotations, ...annotations } } : model.metadata;
    return { apiVersion: model.apiVersion, kind: model.kind, metadata, spec: model.spec };
}

/**
 * Deleting a NodePool deletes its NodeClaims through owner references. With foreground
 * propagation the NodePool stays until they are gone, so `pulumi destroy` waits for Karpenter
 * to drain and terminate the pool's nodes before it moves on (pulumi-kubernetes 4.12+ annotation).
 */
export const FOREGROUND_DELETION = { "pulumi.com/deletionPropagationPolicy": "foreground" } as const;

/** Draining respects PodDisruptionBudgets and grace periods, which can outlast the 10-minute default. */
const DRAIN_TIMEOUTS = { delete: "30m" } as const;

const DEFAULTS = { tags: {} as Record<string, string>, version: KARPENTER_VERSION, amiAlias: KARPENTER_AMI_ALIAS };

/**
 * Karpenter in the cluster: the CRD chart, the controller chart (on the system nodes or on Fargate),
 * the EC2NodeClass and the NodePools of the config, each a validated typed object, and with
 * `gpu.enabled` a GPU EC2NodeClass and NodePool with the NVIDIA device plugin.
 *
 * Dependencies encode both orders. Create: CRDs, then the controller, then the NodeClass, then the
 * NodePools, so a first `pulumi up` works in one run. Destroy (the reverse): NodePools first, which
 * makes Karpenter drain and terminate their nodes (foreground deletion: the destroy waits); then the
 * NodeClass (Karpenter removes its instance profile and launch templates); then the controller;
 * and only then the IAM roles, the queue and the system node group it depends on.
 */
export class Karpenter extends pulumi.ComponentResource {
    readonly crds: k8s.helm.v3.Release;
    readonly controller: k8s.helm.v3.Release;
    readonly nodeClass: k8s.apiextensions.CustomResource;
    readonly nodePools: Record<string, k8s.apiextensions.CustomResource>;
    /** The NVIDIA device plugin, with `config.gpu.enabled`. */
    readonly devicePlugin?: k8s.helm.v3.Release;

    constructor(name: string, args: KarpenterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:karpenter:Karpenter", name, {}, opts);
        const { config, tags, version, amiAlias } = { ...DEFAULTS, ...args };
        const k8sOpts = { parent: this, provider: args.provider };

        // Validate every custom resource before creating anything.
        const nodeClassModel = buildEc2NodeClass({
            clusterName: args.clusterName,
            role: args.awsSide.nodeRoleName,
            amiAlias,
            volumeSizeGiB: config.nodeVolumeSizeGiB,
            maxPods: config.maxPods,
            ...(args.keys ? { volumeKmsKeyId: args.keys.ebsAliasArn } : {}),
            tags,
        });
        const poolModels = enabledNodePools(config.nodePools).map(([pool, poolConfig]) => buildNodePool(pool, poolConfig));
        const gpuModels = config.gpu.enabled
            ? {
                  nodeClass: buildEc2NodeClass({
                      name: GPU_NODE_CLASS_NAME,
                      clusterName: args.clusterName,
                      role: args.awsSide.nodeRoleName,
                      amiAlias,
                      volumeSizeGiB: config.gpu.volumeSizeGiB,
                      maxPods: config.maxPods,
                      ...(args.keys ? { volumeKmsKeyId: args.keys.ebsAliasArn } : {}),
                      tags,
                  }),
                  pool: buildGpuNodePool(config.gpu),
              }
            : undefined;
        const placement = args.placement;
        // Destroy order: the controller goes before what it runs on (and, on Fargate, before its role's policies).
        const runsOn = placement.on === "fargate" ? [placement.fargateProfile, ...placement.controllerPolicies] : [placement.systemNodes];

        // The CRD chart owns the CRDs, so `helm upgrade` updates them (Helm never upgrades a chart's crds/).
        this.crds = new k8s.helm.v3.Release(
            `${name}-crd`,
            { name: "karpenter-crd", chart: KARPENTER_CHARTS.crds, version, namespace: KARPENTER_NAMESPACE },
            { ...k8sOpts, dependsOn: runsOn },
        );

        this.controller = new k8s.helm.v3.Release(
            `${name}-controller`,
            {
                // The release name is the chart's fullname and so its service account's default name.
                name: "karpenter",
                chart: KARPENTER_CHARTS.controller,
                version,
                namespace: KARPENTER_NAMESPACE,
                skipCrds: true,
                values: controllerValues({
                    clusterName: args.clusterName,
                    clusterEndpoint: args.clusterEndpoint,
                    interruptionQueue: args.awsSide.queueName,
                    region: args.region,
                    controllerOn: placement.on,
                    replicas: config.controllerReplicas,
                    ...(placement.on === "fargate" ? { irsaRoleArn: placement.irsaRoleArn } : {}),
                }),
            },
            { ...k8sOpts, dependsOn: [this.crds, args.awsSide.resource, ...runsOn] },
        );

        // A NodeClass names the EBS key by alias: the alias must exist before nodes launch with it.
        const nodeClassDependsOn = [this.crds, this.controller, ...(args.keys ? [args.keys.ebsAlias] : [])];
        this.nodeClass = new k8s.apiextensions.CustomResource(
            `${name}-nodeclass-${nodeClassModel.metadata!.name!}`,
            customResourceArgs(nodeClassModel),
            // Its finalizer holds it until no node uses it, then removes the instance profile.
            { ...k8sOpts, dependsOn: nodeClassDependsOn, customTimeouts: DRAIN_TIMEOUTS },
        );

        this.nodePools = Object.fromEntries(
            poolModels.map((model) => {
                const pool = model.metadata!.name!;
                const resource = new k8s.apiextensions.CustomResource(`${name}-nodepool-${pool}`, customResourceArgs(model, FOREGROUND_DELETION), {
                    ...k8sOpts,
                    dependsOn: [this.crds, this.controller, this.nodeClass],
                    customTimeouts: DRAIN_TIMEOUTS,
                });
                return [pool, resource];
            }),
        );

        if (gpuModels) {
            const gpuClass = new k8s.apiextensions.CustomResource(`${name}-nodeclass-${GPU_NODE_CLASS_NAME}`, customResourceArgs(gpuModels.nodeClass), {
                ...k8sOpts,
                dependsOn: nodeClassDependsOn,
                customTimeouts: DRAIN_TIMEOUTS,
            });
            const pool = gpuModels.pool.metadata!.name!;
            this.nodePools[pool] = new k8s.apiextensions.CustomResource(`${name}-nodepool-${pool}`, customResourceArgs(gpuModels.pool, FOREGROUND_DELETION), {
                ...k8sOpts,
                dependsOn: [this.crds, this.controller, gpuClass],
                customTimeouts: DRAIN_TIMEOUTS,
            });
            // A DaemonSet on GPU nodes only: with none running, the release installs and waits for nothing.
            this.devicePlugin = new k8s.helm.v3.Release(
                `${name}-nvidia-device-plugin`,
                chartRelease(NVIDIA_DEVICE_PLUGIN_CHART, { namespace: DEVICE_PLUGIN_NAMESPACE, values: devicePluginValues() }),
                k8sOpts,
            );
        }

        this.registerOutputs({
            controllerStatus: this.controller.status,
            nodePools: Object.keys(this.nodePools),
        });
    }
}
