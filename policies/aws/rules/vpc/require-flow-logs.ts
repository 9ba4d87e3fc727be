import type { PolicyResource } from "@pulumi/policy";
import { T } from "../../../lib/types.js";
import { stackRule } from "../../../lib/rule.js";

/** A flow log covers a VPC when its vpcId came from that VPC or from the component that made it. */
function covers(flowLog: PolicyResource, vpc: PolicyResource): boolean {
    const sources = flowLog.propertyDependencies["vpcId"] ?? [];
    return sources.some((s) => s === vpc || s.urn === vpc.urn || (vpc.parent !== undefined && s.urn === vpc.parent.urn && vpc.parent.type === T.awsxVpc));
}

export const awsVpcRequireFlowLogs = stackRule({
    name: "aws-vpc-require-flow-logs",
    description: "Every VPC has a flow log.",
    severity: "medium",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const flowLogs = args.resources.filter((r) => r.type === T.flowLog);
        for (const vpc of args.resources.filter((r) => r.type === T.vpc || r.type === T.awsxVpc)) {
            if (!flowLogs.some((f) => covers(f, vpc))) {
                report(`VPC ${vpc.name} has no flow log: add an aws.ec2.FlowLog whose vpcId is this VPC's id (the Network component creates one).`, vpc.urn);
            }
        }
    },
});
