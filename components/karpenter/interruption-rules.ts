/**
 * The EventBridge rules Karpenter 1.14 wires to its interruption queue (getting-started
 * `cloudformation.yaml`, v1.14): one table, one rule each, so a new event type is one row.
 */
export interface InterruptionRule {
    /** Suffix of the Pulumi resource name. */
    readonly id: string;
    /** Why Karpenter listens, for the rule's description. */
    readonly description: string;
    readonly source: "aws.ec2" | "aws.health";
    readonly detailType: string;
}

export const INTERRUPTION_RULES: readonly InterruptionRule[] = [
    {
        id: "scheduled-change",
        description: "AWS Health scheduled changes (instance retirement): Karpenter drains the node first",
        source: "aws.health",
        detailType: "AWS Health Event",
    },
    {
        id: "spot-interruption",
        description: "Spot interruption warnings: two minutes to drain before EC2 reclaims the instance",
        source: "aws.ec2",
        detailType: "EC2 Spot Instance Interruption Warning",
    },
    {
        id: "rebalance",
        description: "Spot rebalance recommendations: an elevated risk of interruption",
        source: "aws.ec2",
        detailType: "EC2 Instance Rebalance Recommendation",
    },
    {
        id: "instance-state-change",
        description: "Instance state changes: Karpenter forgets nodes stopped or terminated outside it",
        source: "aws.ec2",
        detailType: "EC2 Instance State-change Notification",
    },
    {
        id: "capacity-reservation-interruption",
        description: "Capacity reservation interruption warnings (Karpenter 1.10+)",
        source: "aws.ec2",
        detailType: "EC2 Capacity Reservation Instance Interruption Warning",
    },
];

/** The rule's EventBridge event pattern. */
export function eventPattern(rule: InterruptionRule): { source: string[]; "detail-type": string[] } {
    return { source: [rule.source], "detail-type": [rule.detailType] };
}

/** The target id upstream gives the queue on every rule. */
export const INTERRUPTION_TARGET_ID = "KarpenterInterruptionQueueTarget";
