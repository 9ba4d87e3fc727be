/**
 * Composition root: parse the stack config, build the components, export outputs.
 * Nothing here decides how a piece is built; components do, from their slice of config.
 */
import * as aws from "@pulumi/aws";
import type { AwsContext } from "./components/aws-context.js";
import { Cluster } from "./components/cluster/cluster.js";
import { Network } from "./components/network/network.js";
import { loadPlatformConfig } from "./stacks/config.js";

export default async function main() {
    const config = loadPlatformConfig();
    const tags = config.defaultTags;

    const [identity, partition, zones] = await Promise.all([
        aws.getCallerIdentity(),
        aws.getPartition(),
        aws.getAvailabilityZones({
            state: "available",
            // Local and Wavelength zones cannot hold EKS subnets.
            filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
        }),
    ]);
    const awsContext: AwsContext = {
        accountId: identity.accountId,
        partition: partition.partition,
        region: config.region,
        dnsSuffix: partition.dnsSuffix,
    };

    const network = new Network("network", {
        config: config.network,
        clusterName: config.cluster.name,
        availabilityZones: zones.names,
        aws: awsContext,
        tags,
    });

    // Access entries take the IAM role, not the assumed-role session the caller holds.
    const deployerPrincipalArn =
        config.cluster.deployerPrincipalArn ?? (await aws.iam.getSessionContext({ arn: identity.arn })).issuerArn;

    const cluster = new Cluster("cluster", {
        config: config.cluster,
        network: { vpcId: network.vpcId, privateSubnetIds: network.privateSubnetIds },
        deployerPrincipalArn,
        aws: awsContext,
        protect: config.protect,
        tags,
    });

    return {
        region: config.region,
        vpcId: network.vpcId,
        vpcCidr: network.cidr,
        availabilityZones: network.availabilityZones,
        privateSubnetIds: network.privateSubnetIds,
        publicSubnetIds: network.publicSubnetIds,
        privateIpCapacity: network.privateIpCapacity,
        clusterName: cluster.name,
        clusterArn: cluster.arn,
        clusterEndpoint: cluster.endpoint,
        kubernetesVersion: cluster.version,
        oidcProviderArn: cluster.oidcProviderArn,
        kubeconfig: cluster.kubeconfig,
        updateKubeconfigCommand: cluster.updateKubeconfigCommand,
    };
}
