/**
 * The eks-platform-aws CrossGuard pack, as the Pulumi CLI runs it:
 *   pulumi preview --policy-pack policies/aws --policy-pack-config policies/config/<stack>.json
 * Constructing the PolicyPack starts the analyzer server, so nothing else imports this file.
 */
import { PolicyPack } from "@pulumi/policy";
import { AWS_PACK } from "./rules/index.js";

new PolicyPack(AWS_PACK.name, {
    description: AWS_PACK.description,
    policies: [...AWS_PACK.rules],
    // Each rule carries its own level; policies/config/<stack>.json sets them per stack.
    enforcementLevel: "advisory",
});
