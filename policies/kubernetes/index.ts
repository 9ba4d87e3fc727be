/**
 * The eks-platform-kubernetes CrossGuard pack, as the Pulumi CLI runs it:
 *   pulumi preview --policy-pack policies/kubernetes --policy-pack-config policies/config/<stack>.json
 * Constructing the PolicyPack starts the analyzer server, so nothing else imports this file.
 */
import { PolicyPack } from "@pulumi/policy";
import { KUBERNETES_PACK } from "./rules/index.js";

new PolicyPack(KUBERNETES_PACK.name, {
    description: KUBERNETES_PACK.description,
    policies: [...KUBERNETES_PACK.rules],
    // Each rule carries its own level; policies/config/<stack>.json sets them per stack.
    enforcementLevel: "advisory",
});
