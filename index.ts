/**
 * Composition root: parse the stack config, build the components, export outputs.
 * Nothing here decides how a piece is built; components do, from their slice of config.
 */
import * as aws from "@pulumi/aws";
import type { AwsContext } from "./components/aws-context.js";
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

    return {
        region: config.region,
        vpcId: network.vpcId,
        vpcCidr: network.cidr,
        availabilityZones: network.availabilityZones,
        privateSubnetIds: network.privateSubnetIds,
        publicSubnetIds: network.publicSubnetIds,
        privateIpCapacity: network.privateIpCapacity,
    };
}
