import { T } from "../../../lib/types.js";
import { resourceRule } from "../../../lib/rule.js";
import { objectAt } from "../../../lib/values.js";

export const awsEc2RequireImdsv2 = resourceRule({
    name: "aws-ec2-require-imdsv2",
    description: "Nodes only answer session-token (IMDSv2) metadata requests, which blocks SSRF-style credential theft.",
    severity: "high",
    enforcementLevel: "mandatory",
    resourceTypes: [T.launchTemplate, T.instance, T.ec2NodeClass],
    validate: (props, args, report) => {
        if (args.type === T.ec2NodeClass) {
            // Karpenter defaults metadataOptions.httpTokens to "required".
            const tokens = objectAt(objectAt(props, "spec"), "metadataOptions")?.["httpTokens"];
            if (tokens !== undefined && tokens !== "required") {
                report(`spec.metadataOptions.httpTokens is "${String(tokens)}": set it to "required" (or leave it out; Karpenter's default is required).`);
            }
            return;
        }
        const tokens = objectAt(props, "metadataOptions")?.["httpTokens"];
        if (tokens !== "required") {
            report(`IMDSv1 is allowed (metadataOptions.httpTokens is ${tokens === undefined ? "unset" : `"${String(tokens)}"`}): set metadataOptions.httpTokens to "required".`);
        }
    },
});
